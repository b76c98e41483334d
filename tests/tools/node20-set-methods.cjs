// The Set methods of ES2025 (Node 22), for gitlab-ci-local 4.75 on Node 20, which lacks them:
// loaded with `node --require` by tests/test_integrations.py only when Node is older than 22.
"use strict";
const methods = {
  union(other) {
    const result = new Set(this);
    for (const item of other.keys()) result.add(item);
    return result;
  },
  intersection(other) {
    return new Set([...this].filter((item) => other.has(item)));
  },
  difference(other) {
    return new Set([...this].filter((item) => !other.has(item)));
  },
  symmetricDifference(other) {
    const result = new Set(this);
    for (const item of other.keys()) {
      if (this.has(item)) result.delete(item);
      else result.add(item);
    }
    return result;
  },
  isSubsetOf(other) {
    return [...this].every((item) => other.has(item));
  },
  isSupersetOf(other) {
    return [...other.keys()].every((item) => this.has(item));
  },
  isDisjointFrom(other) {
    return [...this].every((item) => !other.has(item));
  },
};
for (const [name, method] of Object.entries(methods)) {
  if (!Set.prototype[name]) {
    Object.defineProperty(Set.prototype, name, { value: method, writable: true, configurable: true });
  }
}
