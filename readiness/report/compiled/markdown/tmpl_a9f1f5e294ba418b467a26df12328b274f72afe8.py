from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'portfolio.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_marker = resolve('marker')
    l_0_total = resolve('total')
    l_0_outcome = resolve('outcome')
    l_0_counts = resolve('counts')
    l_0_as_of = resolve('as_of')
    l_0_gate_settings = resolve('gate_settings')
    l_0_rows = resolve('rows')
    l_0_broken = resolve('broken')
    l_0_search_problems = resolve('search_problems')
    l_0_sections = resolve('sections')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield str(environment.finalize((undefined(name='marker') if l_0_marker is missing else l_0_marker)))
    yield '\n# Readiness portfolio: '
    yield str(environment.finalize((undefined(name='total') if l_0_total is missing else l_0_total)))
    yield '\n\n**'
    yield str(environment.finalize((undefined(name='outcome') if l_0_outcome is missing else l_0_outcome)))
    yield '** · '
    yield str(environment.finalize((undefined(name='counts') if l_0_counts is missing else l_0_counts)))
    yield ' · assessed as of '
    yield str(environment.finalize((undefined(name='as_of') if l_0_as_of is missing else l_0_as_of)))
    yield '\n\nGate settings in force:\n\n'
    for l_1_line in (undefined(name='gate_settings') if l_0_gate_settings is missing else l_0_gate_settings):
        _loop_vars = {}
        pass
        yield '- '
        yield str(environment.finalize(l_1_line))
        yield '\n'
    l_1_line = missing
    yield '\n| Project | Verdict | Level | Score | Weakest dimension | Fix before the gate | Before scaling | Improve | Waived | Gate |\n|---|---|---|---|---|---|---|---|---|---|\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_row, 'project')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'verdict')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'level')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'score')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'weakest')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'before_gate')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'before_scaling')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'improve')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'waived')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'gate')))
        yield ' |\n'
    l_1_row = missing
    if (undefined(name='broken') if l_0_broken is missing else l_0_broken):
        pass
        yield '\n## Could not be assessed ('
        yield str(environment.finalize(t_1((undefined(name='broken') if l_0_broken is missing else l_0_broken))))
        yield ')\n\n'
        for l_1_row in (undefined(name='broken') if l_0_broken is missing else l_0_broken):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(environment.getattr(l_1_row, 'link')))
            yield ': '
            yield str(environment.finalize(environment.getattr(l_1_row, 'count')))
            yield '\n'
            for l_2_problem in environment.getattr(l_1_row, 'problems'):
                _loop_vars = {}
                pass
                yield '  - '
                yield str(environment.finalize(environment.getattr(l_2_problem, 'link')))
                yield ': '
                yield str(environment.finalize(environment.getattr(l_2_problem, 'text')))
                yield '\n'
            l_2_problem = missing
            if environment.getattr(l_1_row, 'more'):
                pass
                yield '  - … and '
                yield str(environment.finalize(environment.getattr(l_1_row, 'more')))
                yield ' more: `readiness validate` lists them all\n'
        l_1_row = missing
    if (undefined(name='search_problems') if l_0_search_problems is missing else l_0_search_problems):
        pass
        yield '\n## While searching for project files\n\n'
        for l_1_problem in (undefined(name='search_problems') if l_0_search_problems is missing else l_0_search_problems):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(l_1_problem))
            yield '\n'
        l_1_problem = missing
    if (undefined(name='sections') if l_0_sections is missing else l_0_sections):
        pass
        yield '\n## Projects, worst first\n'

blocks = {}
debug_info = '4=27&5=29&7=31&11=37&12=41&17=45&18=49&20=70&22=73&24=75&25=79&26=83&27=87&29=92&30=95&34=98&38=101&39=105&42=108'