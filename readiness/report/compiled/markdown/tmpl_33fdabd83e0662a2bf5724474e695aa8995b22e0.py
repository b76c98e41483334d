from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'portfolio-project.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_verdict = resolve('verdict')
    l_0_a = resolve('a')
    l_0_file_link = resolve('file_link')
    l_0_level_name = resolve('level_name')
    l_0_score = resolve('score')
    l_0_gate = resolve('gate')
    l_0_dimensions = resolve('dimensions')
    l_0_groups = resolve('groups')
    l_0_waivers = resolve('waivers')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['prose']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'prose' found.")
    pass
    yield '### '
    yield str(environment.finalize((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict)))
    yield ' · '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'project_name')))
    yield '\n\n'
    yield str(environment.finalize((undefined(name='file_link') if l_0_file_link is missing else l_0_file_link)))
    yield ' · project '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'project_id')))
    yield ' · level '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'level')))
    yield ' of 5'
    if (undefined(name='level_name') if l_0_level_name is missing else l_0_level_name):
        pass
        yield ' ('
        yield str(environment.finalize((undefined(name='level_name') if l_0_level_name is missing else l_0_level_name)))
        yield ')'
    yield ', required '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'required_level')))
    yield ' · score '
    yield str(environment.finalize((undefined(name='score') if l_0_score is missing else l_0_score)))
    yield ' · gate '
    yield str(environment.finalize((undefined(name='gate') if l_0_gate is missing else l_0_gate)))
    yield '\n'
    if environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'verdict_reason'):
        pass
        yield '\n**Why:** '
        yield str(environment.finalize(t_2(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'verdict_reason'))))
        yield '\n'
    yield '\n| Dimension | Score | Band |\n|---|---|---|\n'
    for l_1_row in (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'd'), 'title')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'score')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'band')))
        yield ' |\n'
    l_1_row = missing
    t_3 = 1
    for l_1_group in (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        _loop_vars = {}
        pass
        yield '\n**'
        yield str(environment.finalize(environment.getattr(l_1_group, 'title')))
        yield ' ('
        yield str(environment.finalize(t_1(environment.getattr(l_1_group, 'gaps'))))
        yield ')**\n\n'
        if environment.getattr(l_1_group, 'set_aside'):
            pass
            yield '_'
            yield str(environment.finalize(t_2(environment.getattr(l_1_group, 'set_aside'))))
            yield '._\n\n'
        for l_2_gap in environment.getattr(l_1_group, 'gaps'):
            _loop_vars = {}
            pass
            yield '- **'
            yield str(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'check')))
            yield '** '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'severity')))
            yield ' · '
            yield str(environment.finalize(environment.getattr(l_2_gap, 'status')))
            yield ' · '
            yield str(environment.finalize(environment.getattr(l_2_gap, 'link')))
            yield ': '
            yield str(environment.finalize(t_2(environment.getattr(environment.getattr(l_2_gap, 'f'), 'message'))))
            yield '\n'
        l_2_gap = missing
        t_3 = 0
    l_1_group = missing
    if t_3:
        pass
        yield '\nNo gaps: every applicable check passes or is waived.\n'
    if (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
        pass
        yield '\n**Waivers ('
        yield str(environment.finalize(t_1((undefined(name='waivers') if l_0_waivers is missing else l_0_waivers))))
        yield ')**\n\n'
        for l_1_row in (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
            _loop_vars = {}
            pass
            yield '- **'
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'waiver'), 'check')))
            yield '** '
            yield str(environment.finalize(environment.getattr(l_1_row, 'severity')))
            yield ' · approved by '
            yield str(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'waiver'), 'approved_by') or 'nobody')))
            yield ' · expires '
            yield str(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'waiver'), 'expires') or 'never stated')))
            yield ' · '
            yield str(environment.finalize(environment.getattr(l_1_row, 'state')))
            yield ' · '
            yield str(environment.finalize(environment.getattr(l_1_row, 'link')))
            yield '\n'
        l_1_row = missing

blocks = {}
debug_info = '3=33&5=37&6=55&8=58&13=61&14=65&16=73&18=77&20=81&21=84&24=86&25=90&31=106&33=109&35=111&36=115'