from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'annex-project.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_new_page = resolve('new_page')
    l_0_a = resolve('a')
    l_0_decision_date = resolve('decision_date')
    l_0_packs_line = resolve('packs_line')
    l_0_verdict = resolve('verdict')
    l_0_level_name = resolve('level_name')
    l_0_score = resolve('score')
    l_0_confidence = resolve('confidence')
    l_0_dimensions = resolve('dimensions')
    l_0_chart = resolve('chart')
    l_0_horizon = resolve('horizon')
    l_0_paybacks = resolve('paybacks')
    l_0_money = resolve('money')
    l_0_path = resolve('path')
    l_0_actions = resolve('actions')
    l_0_groups = resolve('groups')
    l_0_evidence = resolve('evidence')
    l_0_evidence_left_out = resolve('evidence_left_out')
    l_0_waivers = resolve('waivers')
    l_0_waivers_left_out = resolve('waivers_left_out')
    l_0_not_applicable = resolve('not_applicable')
    l_0_packs = resolve('packs')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<section class="cover'
    if (undefined(name='new_page') if l_0_new_page is missing else l_0_new_page):
        pass
        yield ' page'
    yield '">\n<p class="kicker">Readiness annex to a funding bid</p>\n<h1>'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'project_name')))
    yield '</h1>\n<dl class="facts">\n<dt>Project</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'project_id')))
    yield '</dd>\n<dt>Project file</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'file')))
    yield '</dd>\n<dt>Assessed as of</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'as_of')))
    yield '</dd>\n<dt>Decision date</dt><dd>'
    yield escape(environment.finalize((undefined(name='decision_date') if l_0_decision_date is missing else l_0_decision_date)))
    yield '</dd>\n<dt>Assessed by</dt><dd>readiness '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'tool_version')))
    yield '</dd>\n<dt>Rubric packs</dt><dd>'
    yield escape(environment.finalize((undefined(name='packs_line') if l_0_packs_line is missing else l_0_packs_line)))
    yield '</dd>\n</dl>\n<div class="verdict verdict-'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'verdict')))
    yield '">\n<p class="word">'
    yield escape(environment.finalize((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict)))
    yield '</p>\n<p>Readiness level <strong>'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'level')))
    yield ' of 5</strong>'
    if (undefined(name='level_name') if l_0_level_name is missing else l_0_level_name):
        pass
        yield ' ('
        yield escape(environment.finalize((undefined(name='level_name') if l_0_level_name is missing else l_0_level_name)))
        yield ')'
    yield ', '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'required_level')))
    yield ' required · overall score '
    yield escape(environment.finalize((undefined(name='score') if l_0_score is missing else l_0_score)))
    yield ' · evidence confidence '
    yield escape(environment.finalize((undefined(name='confidence') if l_0_confidence is missing else l_0_confidence)))
    yield '</p>\n'
    if environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'verdict_reason'):
        pass
        yield '<p class="muted">'
        yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'verdict_reason')))
        yield '</p>\n'
    yield '</div>\n\n<h2>Dimensions</h2>\n<table class="dimensions">\n<colgroup><col class="w34"><col class="w22"><col class="w16"><col class="w28"></colgroup>\n<thead><tr><th>Dimension</th><th>Score</th><th>Band</th><th>Checks</th></tr></thead>\n<tbody>\n'
    for l_1_row in (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'd'), 'title')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'bar')))
        yield escape(environment.finalize(environment.getattr(l_1_row, 'score')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'band')))
        yield '</td><td class="small">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'counts')))
        yield '</td></tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n<figure class="chart">'
    yield escape(environment.finalize((undefined(name='chart') if l_0_chart is missing else l_0_chart)))
    yield '</figure>\n</section>\n\n<section class="page">\n<h2>Business case</h2>\n<p class="muted">The payback is recomputed from the figures in the file, then stressed (capital and schedule overrun) and with the benefits falling short: the test a funder applies.</p>\n<table>\n<thead><tr><th>Scenario</th><th>Assumption</th><th class="num">Payback</th><th class="num">Within the '
    yield escape(environment.finalize((undefined(name='horizon') if l_0_horizon is missing else l_0_horizon)))
    yield '</th></tr></thead>\n<tbody>\n'
    t_2 = 1
    for l_1_row in (undefined(name='paybacks') if l_0_paybacks is missing else l_0_paybacks):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'label')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'assumption')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'years')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'within')))
        yield '</td></tr>\n'
        t_2 = 0
    l_1_row = missing
    if t_2:
        pass
        yield '<tr><td colspan="4">not evidenced: the file gives no figures to recompute a payback from</td></tr>\n'
    yield '</tbody>\n</table>\n<table>\n<thead><tr><th>Money, per year</th><th class="num">Amount</th></tr></thead>\n<tbody>\n<tr><td>Cost of the losses addressed</td><td class="num">'
    yield escape(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'losses')))
    yield '</td></tr>\n<tr><td>Benefits claimed</td><td class="num">'
    yield escape(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'benefits')))
    yield '</td></tr>\n<tr><td>Benefits as a share of those losses</td><td class="num">'
    yield escape(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'ratio')))
    yield '</td></tr>\n<tr><td>Evidence confidence (cited evidence measured or documented)</td><td class="num">'
    yield escape(environment.finalize((undefined(name='confidence') if l_0_confidence is missing else l_0_confidence)))
    yield '</td></tr>\n</tbody>\n</table>\n\n<h2>Path to ready</h2>\n'
    if ((undefined(name='path') if l_0_path is missing else l_0_path) and environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'steps')):
        pass
        yield '<p class="muted">The least effort that reaches each verdict in turn, found by re-scoring the assessment with those gaps closed.</p>\n<table>\n<colgroup><col class="w8"><col class="w52"><col class="w12"><col class="w28"></colgroup>\n<thead><tr><th>Step</th><th>Close</th><th class="num">Effort</th><th>Reaches</th></tr></thead>\n<tbody>\n'
        l_1_loop = missing
        for l_1_step, l_1_loop in LoopContext(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'steps'), undefined):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(environment.getattr(l_1_loop, 'index')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_step, 'checks')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_step, 'effort')))
            yield '</td><td class="reaches-'
            yield escape(environment.finalize(environment.getattr(l_1_step, 'verdict')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(l_1_step, 'reaches')))
            yield '</td></tr>\n'
        l_1_loop = l_1_step = missing
        yield '</tbody>\n</table>\n'
        if environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'note'):
            pass
            yield '<p>'
            yield escape(environment.finalize(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'note')))
            yield '</p>\n'
    elif (undefined(name='path') if l_0_path is missing else l_0_path):
        pass
        yield '<p>Ready already: no gap stands between this project and the required level.</p>\n'
    else:
        pass
        yield '<p class="muted">Not computed for this report.</p>\n'
    yield '\n<h2>Next three actions</h2>\n'
    if (undefined(name='actions') if l_0_actions is missing else l_0_actions):
        pass
        yield '<ol class="actions">\n'
        for l_1_gap in (undefined(name='actions') if l_0_actions is missing else l_0_actions):
            _loop_vars = {}
            pass
            yield '<li><strong>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_gap, 'f'), 'check')))
            yield '</strong> '
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_gap, 'f'), 'title')))
            yield ': '
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_gap, 'f'), 'remediation')))
            yield ' <span class="muted">('
            yield escape(environment.finalize(environment.getattr(l_1_gap, 'where')))
            yield ')</span></li>\n'
        l_1_gap = missing
        yield '</ol>\n'
    else:
        pass
        yield '<p>Nothing to fix: every applicable check passes or is waived.</p>\n'
    yield '</section><section'
    if (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        pass
        yield ' class="page"'
    yield '>\n<h2>Gaps</h2>\n'
    t_3 = 1
    for l_1_group in (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        _loop_vars = {}
        pass
        yield '<h3>'
        yield escape(environment.finalize(environment.getattr(l_1_group, 'title')))
        yield ' ('
        yield escape(environment.finalize(t_1(environment.getattr(l_1_group, 'gaps'))))
        yield ')</h3>\n'
        for l_2_gap in environment.getattr(l_1_group, 'gaps'):
            _loop_vars = {}
            pass
            yield '<article class="gap '
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'severity')))
            yield '">\n<h4>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'check')))
            yield ' · '
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'title')))
            yield '</h4>\n<p class="small"><span class="pill '
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'severity')))
            yield '">'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'severity')))
            yield '</span> '
            yield escape(environment.finalize(environment.getattr(l_2_gap, 'status')))
            yield ' · '
            yield escape(environment.finalize(environment.getattr(l_2_gap, 'dimension')))
            yield ' · level '
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'level')))
            yield ' · effort '
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'effort')))
            yield ' · '
            yield escape(environment.finalize(environment.getattr(l_2_gap, 'where')))
            yield '</p>\n<dl>\n<dt>Found</dt><dd>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'message')))
            yield '</dd>\n<dt>What to do</dt><dd>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'remediation')))
            yield '</dd>\n</dl>\n<details class="why" open><summary>Why it matters</summary><p>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'rationale')))
            yield '</p></details>\n</article>\n'
        l_2_gap = missing
        t_3 = 0
    l_1_group = missing
    if t_3:
        pass
        yield '<p>No gaps: every applicable check passes or is waived.</p>\n'
    yield '</section>\n\n<section class="page">\n<h2>Evidence register</h2>\n'
    if (undefined(name='evidence') if l_0_evidence is missing else l_0_evidence):
        pass
        yield '<table class="register">\n<colgroup><col class="w15"><col class="w12"><col class="w26"><col class="w13"><col class="w20"><col class="w14"></colgroup>\n<thead><tr><th>Id</th><th>Kind</th><th>Title</th><th>Date</th><th>Reference</th><th>Signed off by</th></tr></thead>\n<tbody>\n'
        for l_1_row in (undefined(name='evidence') if l_0_evidence is missing else l_0_evidence):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'e'), 'id')))
            yield '</td><td>'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'e'), 'kind') or '—')))
            yield '</td><td>'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'e'), 'title') or '—')))
            yield '</td><td class="nowrap">'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'e'), 'date') or '—')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'ref')))
            yield '</td><td>'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'e'), 'signed_off_by') or '—')))
            yield '</td></tr>\n'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
        if (undefined(name='evidence_left_out') if l_0_evidence_left_out is missing else l_0_evidence_left_out):
            pass
            yield '<p class="muted">'
            yield escape(environment.finalize((undefined(name='evidence_left_out') if l_0_evidence_left_out is missing else l_0_evidence_left_out)))
            yield '</p>\n'
    else:
        pass
        yield '<p>The project file has no evidence register.</p>\n'
    yield '\n<h2>Waivers</h2>\n'
    if (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
        pass
        yield '<p class="muted">A waiver that is not honoured (no reason, approver or expiry; expired; beyond the programme\'s maximum term; or a blocker its policy does not allow) excuses nothing.</p>\n<table>\n<colgroup><col class="w10"><col class="w11"><col class="w29"><col class="w16"><col class="w13"><col class="w21"></colgroup>\n<thead><tr><th>Check</th><th>Severity</th><th>Reason</th><th>Approved by</th><th>Expires</th><th>State</th></tr></thead>\n<tbody>\n'
        for l_1_row in (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'w'), 'check')))
            yield '</td><td>'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'w'), 'severity') or '—')))
            yield '</td><td>'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'w'), 'reason') or '—')))
            yield '</td><td>'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'w'), 'approved_by') or '—')))
            yield '</td><td>'
            yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'w'), 'expires') or '—')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'state')))
            yield '</td></tr>\n'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
        if (undefined(name='waivers_left_out') if l_0_waivers_left_out is missing else l_0_waivers_left_out):
            pass
            yield '<p class="muted">'
            yield escape(environment.finalize((undefined(name='waivers_left_out') if l_0_waivers_left_out is missing else l_0_waivers_left_out)))
            yield '</p>\n'
    else:
        pass
        yield '<p>No waivers.</p>\n'
    if (undefined(name='not_applicable') if l_0_not_applicable is missing else l_0_not_applicable):
        pass
        yield '\n<h2>Not applicable</h2>\n<p class="muted">These checks do not apply to this project and count in no score:</p>\n<ul>\n'
        for l_1_f in (undefined(name='not_applicable') if l_0_not_applicable is missing else l_0_not_applicable):
            _loop_vars = {}
            pass
            yield '<li><strong>'
            yield escape(environment.finalize(environment.getattr(l_1_f, 'check')))
            yield '</strong> '
            yield escape(environment.finalize(environment.getattr(l_1_f, 'title')))
            yield '</li>\n'
        l_1_f = missing
        yield '</ul>\n'
    yield '\n<h2>Rubric packs</h2>\n<table>\n<thead><tr><th>Pack</th><th class="num">Version</th><th>Rules valid as of</th></tr></thead>\n<tbody>\n'
    for l_1_row in (undefined(name='packs') if l_0_packs is missing else l_0_packs):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'p'), 'id')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'p'), 'version')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'valid_as_of')))
        yield '</td></tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n<p class="muted small">Assessed as of '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'as_of')))
    yield ' by readiness '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'tool_version')))
    yield '. Every figure comes from the project file and the rubric packs named above; the gaps say what was found, where, why it matters and what to do.</p>\n</section>\n\n'

blocks = {}
debug_info = '5=40&7=44&9=46&10=48&11=50&12=52&13=54&14=56&16=58&17=60&18=62&19=76&20=79&29=82&30=86&34=97&41=99&43=102&44=106&53=120&54=122&55=124&56=126&61=128&67=132&68=136&72=148&73=151&75=153&82=160&84=163&85=167&94=181&96=186&97=190&98=194&99=198&100=200&101=204&103=218&104=220&106=222&116=231&121=234&122=238&126=252&127=255&134=261&140=264&141=268&145=282&146=285&151=290&156=293&157=297&166=304&167=308&171=316'