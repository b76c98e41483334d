from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'annex-portfolio.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_total = resolve('total')
    l_0_as_of = resolve('as_of')
    l_0_tool_version = resolve('tool_version')
    l_0_packs_line = resolve('packs_line')
    l_0_counts = resolve('counts')
    l_0_outcome_class = resolve('outcome_class')
    l_0_outcome = resolve('outcome')
    l_0_gate_line = resolve('gate_line')
    l_0_gate_settings = resolve('gate_settings')
    l_0_rows = resolve('rows')
    l_0_broken = resolve('broken')
    l_0_search_problems = resolve('search_problems')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<section class="cover">\n<p class="kicker">Readiness portfolio</p>\n<h1>'
    yield escape(environment.finalize((undefined(name='total') if l_0_total is missing else l_0_total)))
    yield '</h1>\n<dl class="facts">\n<dt>Assessed as of</dt><dd>'
    yield escape(environment.finalize((undefined(name='as_of') if l_0_as_of is missing else l_0_as_of)))
    yield '</dd>\n<dt>Assessed by</dt><dd>readiness '
    yield escape(environment.finalize((undefined(name='tool_version') if l_0_tool_version is missing else l_0_tool_version)))
    yield '</dd>\n<dt>Rubric packs</dt><dd>'
    yield escape(environment.finalize((undefined(name='packs_line') if l_0_packs_line is missing else l_0_packs_line)))
    yield '</dd>\n<dt>Verdicts</dt><dd>'
    yield escape(environment.finalize((undefined(name='counts') if l_0_counts is missing else l_0_counts)))
    yield '</dd>\n</dl>\n<div class="verdict verdict-'
    yield escape(environment.finalize((undefined(name='outcome_class') if l_0_outcome_class is missing else l_0_outcome_class)))
    yield '">\n<p class="word">'
    yield escape(environment.finalize((undefined(name='outcome') if l_0_outcome is missing else l_0_outcome)))
    yield '</p>\n<p class="gate"><strong>Gate:</strong> '
    yield escape(environment.finalize((undefined(name='gate_line') if l_0_gate_line is missing else l_0_gate_line)))
    yield '</p>\n<p class="small">Gate settings in force: '
    l_1_loop = missing
    for l_1_line, l_1_loop in LoopContext((undefined(name='gate_settings') if l_0_gate_settings is missing else l_0_gate_settings), undefined):
        _loop_vars = {}
        pass
        if (not environment.getattr(l_1_loop, 'first')):
            pass
            yield '<br>'
        yield escape(environment.finalize(l_1_line))
    l_1_loop = l_1_line = missing
    yield '</p>\n</div>\n<h2>Projects, worst first</h2>\n<table class="register">\n<colgroup><col class="w29"><col class="w12"><col class="w14"><col class="w8"><col class="w9"><col class="w9"><col class="w10"><col class="w9"></colgroup>\n<thead><tr><th>Project</th><th>Verdict</th><th>Level</th><th class="num">Score</th><th class="num">Before gate</th><th class="num">Before scaling</th><th class="num">Improve</th><th>Gate</th></tr></thead>\n<tbody>\n'
    for l_1_row in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'project')))
        yield '<br><span class="small muted">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'file')))
        yield '</span></td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'verdict')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'level')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'score')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'before_gate')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'before_scaling')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'improve')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'gate')))
        yield '</td></tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n'
    if (undefined(name='broken') if l_0_broken is missing else l_0_broken):
        pass
        yield '<h2>Could not be assessed ('
        yield escape(environment.finalize(t_1((undefined(name='broken') if l_0_broken is missing else l_0_broken))))
        yield ')</h2>\n'
        for l_1_row in (undefined(name='broken') if l_0_broken is missing else l_0_broken):
            _loop_vars = {}
            pass
            yield '<h3>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'file')))
            yield '</h3>\n<ul>\n'
            for l_2_problem in environment.getattr(l_1_row, 'problems'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(environment.finalize(l_2_problem))
                yield '</li>\n'
            l_2_problem = missing
            if environment.getattr(l_1_row, 'more'):
                pass
                yield '<li>… and '
                yield escape(environment.finalize(environment.getattr(l_1_row, 'more')))
                yield ' more: <code>readiness validate</code> lists them all</li>\n'
            yield '</ul>\n'
        l_1_row = missing
    if (undefined(name='search_problems') if l_0_search_problems is missing else l_0_search_problems):
        pass
        yield '<h2>While searching for project files</h2>\n<ul>\n'
        for l_1_problem in (undefined(name='search_problems') if l_0_search_problems is missing else l_0_search_problems):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(environment.finalize(l_1_problem))
            yield '</li>\n'
        l_1_problem = missing
        yield '</ul>\n'
    yield '</section>\n'

blocks = {}
debug_info = '6=30&8=32&9=34&10=36&11=38&13=40&14=42&15=44&16=47&23=56&24=60&28=80&29=83&30=85&31=89&33=91&34=95&36=98&37=101&42=105&45=108&46=112'