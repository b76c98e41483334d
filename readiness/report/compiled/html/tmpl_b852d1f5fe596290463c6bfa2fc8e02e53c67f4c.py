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
    l_0_facts = resolve('facts')
    l_0_decision_date = resolve('decision_date')
    l_0_verdict = resolve('verdict')
    l_0_level_name = resolve('level_name')
    l_0_score = resolve('score')
    l_0_confidence = resolve('confidence')
    l_0_gate = resolve('gate')
    l_0_funding = resolve('funding')
    l_0_horizon = resolve('horizon')
    l_0_paybacks = resolve('paybacks')
    l_0_trace = resolve('trace')
    l_0_money = resolve('money')
    l_0_baseline = resolve('baseline')
    l_0_pilot_criteria = resolve('pilot_criteria')
    l_0_pilot_dates = resolve('pilot_dates')
    l_0_pilot = resolve('pilot')
    l_0_dimensions = resolve('dimensions')
    l_0_band_notes = resolve('band_notes')
    l_0_chart = resolve('chart')
    l_0_path = resolve('path')
    l_0_actions = resolve('actions')
    l_0_groups = resolve('groups')
    l_0_evidence = resolve('evidence')
    l_0_evidence_left_out = resolve('evidence_left_out')
    l_0_waivers = resolve('waivers')
    l_0_waivers_left_out = resolve('waivers_left_out')
    l_0_not_applicable = resolve('not_applicable')
    l_0_packs = resolve('packs')
    l_0_verify = resolve('verify')
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
    yield '</h1>\n<dl class="facts">\n'
    for (l_1_label, l_1_value) in (undefined(name='facts') if l_0_facts is missing else l_0_facts):
        _loop_vars = {}
        pass
        yield '<dt>'
        yield escape(environment.finalize(l_1_label))
        yield '</dt><dd>'
        yield escape(environment.finalize(l_1_value))
        yield '</dd>\n'
    l_1_label = l_1_value = missing
    yield '<dt>Project file</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'file')))
    yield '</dd>\n<dt>Assessed as of</dt><dd>'
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'as_of')))
    yield '</dd>\n<dt>Decision date</dt><dd>'
    yield escape(environment.finalize((undefined(name='decision_date') if l_0_decision_date is missing else l_0_decision_date)))
    yield '</dd>\n<dt>Assessed by</dt><dd>readiness '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'tool_version')))
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
    if (undefined(name='gate') if l_0_gate is missing else l_0_gate):
        pass
        yield '<p class="gate"><strong>Gate:</strong> '
        yield escape(environment.finalize(environment.getattr((undefined(name='gate') if l_0_gate is missing else l_0_gate), 'line')))
        yield '</p>\n<p class="small">Gate settings in force: '
        l_1_loop = missing
        for l_1_line, l_1_loop in LoopContext(environment.getattr((undefined(name='gate') if l_0_gate is missing else l_0_gate), 'settings'), undefined):
            _loop_vars = {}
            pass
            if (not environment.getattr(l_1_loop, 'first')):
                pass
                yield '<br>'
            yield escape(environment.finalize(l_1_line))
        l_1_loop = l_1_line = missing
        yield '</p>\n'
    yield '</div>\n\n<h2>Funding ask</h2>\n'
    if (undefined(name='funding') if l_0_funding is missing else l_0_funding):
        pass
        yield '<table class="pairs compact">\n<colgroup><col class="w28"><col class="w72"></colgroup>\n<tbody>\n'
        for (l_1_label, l_1_value) in (undefined(name='funding') if l_0_funding is missing else l_0_funding):
            _loop_vars = {}
            pass
            yield '<tr><th scope="row">'
            yield escape(environment.finalize(l_1_label))
            yield '</th><td>'
            yield escape(environment.finalize(l_1_value))
            yield '</td></tr>\n'
        l_1_label = l_1_value = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p>The project file asks no funder for anything (no funding section).</p>\n'
    yield '\n<h2>Payback, claimed and recomputed</h2>\n<table class="compact">\n<colgroup><col class="w28"><col class="w40"><col class="w14"><col class="w18"></colgroup>\n<thead><tr><th>Scenario</th><th>Assumption</th><th class="num">Payback</th><th class="num">Within the '
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
    yield '</tbody>\n</table>\n</section>\n\n<section class="page">\n<h2>The case, loss by loss</h2>\n<p class="muted">Each loss the baseline measures, what it costs a year, the components of the solution that address it, the benefit the bid claims on it, and the strongest kind of evidence cited for the cost and for the benefit (measured, documented, estimated, asserted).</p>\n'
    if (undefined(name='trace') if l_0_trace is missing else l_0_trace):
        pass
        yield '<table class="trace">\n<colgroup><col class="w30"><col class="w13"><col class="w24"><col class="w13"><col class="w20"></colgroup>\n<thead><tr><th>Loss</th><th class="num">Annual cost</th><th>Components addressing it</th><th class="num">Benefit claimed</th><th>Evidence</th></tr></thead>\n<tbody>\n'
        for l_1_row in (undefined(name='trace') if l_0_trace is missing else l_0_trace):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'loss')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'cost')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'components')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'benefit')))
            yield '</td><td>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'evidence')))
            yield '</td></tr>\n'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p>The baseline names no losses and the business case claims no benefits.</p>\n'
    yield '<table>\n<thead><tr><th>Money, per year</th><th class="num">Amount</th></tr></thead>\n<tbody>\n<tr><td>Cost of the losses addressed</td><td class="num">'
    yield escape(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'losses')))
    yield '</td></tr>\n<tr><td>Benefits claimed</td><td class="num">'
    yield escape(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'benefits')))
    yield '</td></tr>\n<tr><td>Benefits as a share of those losses</td><td class="num">'
    yield escape(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'ratio')))
    yield '</td></tr>\n<tr><td>Evidence confidence (cited evidence measured or documented)</td><td class="num">'
    yield escape(environment.finalize((undefined(name='confidence') if l_0_confidence is missing else l_0_confidence)))
    yield '</td></tr>\n</tbody>\n</table>\n\n<h2>Baseline</h2>\n'
    t_3 = 1
    for l_1_line in (undefined(name='baseline') if l_0_baseline is missing else l_0_baseline):
        _loop_vars = {}
        pass
        yield '<p>'
        yield escape(environment.finalize(l_1_line))
        yield '</p>\n'
        t_3 = 0
    l_1_line = missing
    if t_3:
        pass
        yield '<p>The project file states no baseline.</p>\n'
    yield '\n<h2>Pilot results against their criteria</h2>\n'
    if (undefined(name='pilot_criteria') if l_0_pilot_criteria is missing else l_0_pilot_criteria):
        pass
        yield '<p>Success criteria'
        if (undefined(name='pilot_dates') if l_0_pilot_dates is missing else l_0_pilot_dates):
            pass
            yield ' ('
            yield escape(environment.finalize((undefined(name='pilot_dates') if l_0_pilot_dates is missing else l_0_pilot_dates)))
            yield ')'
        yield ':</p>\n<ul>\n'
        for l_1_criterion in (undefined(name='pilot_criteria') if l_0_pilot_criteria is missing else l_0_pilot_criteria):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(environment.finalize(l_1_criterion))
            yield '</li>\n'
        l_1_criterion = missing
        yield '</ul>\n'
    else:
        pass
        yield '<p>No success criteria stated for the pilot.</p>\n'
    if (undefined(name='pilot') if l_0_pilot is missing else l_0_pilot):
        pass
        yield '<table>\n<colgroup><col class="w34"><col class="w15"><col class="w15"><col class="w11"><col class="w10"><col class="w15"></colgroup>\n<thead><tr><th>KPI</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th><th class="num">Weeks</th><th class="num">Baseline target</th></tr></thead>\n<tbody>\n'
        for l_1_row in (undefined(name='pilot') if l_0_pilot is missing else l_0_pilot):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'kpi')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'before')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'after')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'change')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'weeks')))
            yield '</td><td class="num">'
            yield escape(environment.finalize(environment.getattr(l_1_row, 'target')))
            yield '</td></tr>\n'
        l_1_row = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p>The pilot reports no measured results.</p>\n'
    yield '</section>\n\n<section class="page">\n<h2>Dimensions</h2>\n<div class="dimensions-block">\n<table class="dimensions">\n<colgroup><col class="w34"><col class="w22"><col class="w16"><col class="w28"></colgroup>\n<thead><tr><th>Dimension</th><th>Score</th><th>Band</th><th>Checks</th></tr></thead>\n<tbody>\n'
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
    yield '</tbody>\n</table>\n'
    for l_1_note in (undefined(name='band_notes') if l_0_band_notes is missing else l_0_band_notes):
        _loop_vars = {}
        pass
        yield '<p class="note">'
        yield escape(environment.finalize(l_1_note))
        yield '</p>\n'
    l_1_note = missing
    yield '<figure class="chart">'
    yield escape(environment.finalize((undefined(name='chart') if l_0_chart is missing else l_0_chart)))
    yield '</figure>\n</div>\n\n<h2>Path to ready</h2>\n'
    if ((undefined(name='path') if l_0_path is missing else l_0_path) and environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'steps')):
        pass
        yield '<p class="muted">The least effort to each verdict in turn, each step repaired (or assumed done) in a copy of the file and re-assessed.</p>\n<table>\n<colgroup><col class="w8"><col class="w52"><col class="w12"><col class="w28"></colgroup>\n<thead><tr><th>Step</th><th>Close</th><th class="num">Effort</th><th>Reaches</th></tr></thead>\n<tbody>\n'
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
        l_1_loop = missing
        for l_1_step, l_1_loop in LoopContext(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'steps'), undefined):
            _loop_vars = {}
            pass
            if environment.getattr(l_1_step, 'details'):
                pass
                yield '<p class="small">Step '
                yield escape(environment.finalize(environment.getattr(l_1_loop, 'index')))
                yield ':</p>\n<ul class="small">\n'
                for l_2_line in environment.getattr(l_1_step, 'details'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(environment.finalize(l_2_line))
                    yield '</li>\n'
                l_2_line = missing
                yield '</ul>\n'
        l_1_loop = l_1_step = missing
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
    t_4 = 1
    for l_1_group in (undefined(name='groups') if l_0_groups is missing else l_0_groups):
        _loop_vars = {}
        pass
        yield '<h3>'
        yield escape(environment.finalize(environment.getattr(l_1_group, 'title')))
        yield ' ('
        yield escape(environment.finalize(t_1(environment.getattr(l_1_group, 'gaps'))))
        yield ')</h3>\n'
        if environment.getattr(l_1_group, 'set_aside'):
            pass
            yield '<p class="small">'
            yield escape(environment.finalize(environment.getattr(l_1_group, 'set_aside')))
            yield '.</p>\n'
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
        t_4 = 0
    l_1_group = missing
    if t_4:
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
    yield '\n<h2>Rubric packs</h2>\n<table class="packs">\n<colgroup><col class="w20"><col class="w10"><col class="w16"><col class="w54"></colgroup>\n<thead><tr><th>Pack</th><th class="num">Version</th><th>Rules valid as of</th><th>SHA-256 of the pack file</th></tr></thead>\n<tbody>\n'
    for l_1_row in (undefined(name='packs') if l_0_packs is missing else l_0_packs):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'p'), 'id')))
        yield '</td><td class="num">'
        yield escape(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'p'), 'version')))
        yield '</td><td>'
        yield escape(environment.finalize(environment.getattr(l_1_row, 'valid_as_of')))
        yield '</td><td class="digest">'
        yield escape(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'p'), 'sha256') or 'not known')))
        yield '</td></tr>\n'
    l_1_row = missing
    yield '</tbody>\n</table>\n\n<h2>Verifying this annex</h2>\n<p>This annex judged the project file whose SHA-256 is <span class="digest">'
    yield escape(environment.finalize((environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'file_sha256') or 'not known')))
    yield '</span>, with the rubric packs above, by readiness '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'tool_version')))
    yield '. <code>'
    yield escape(environment.finalize(environment.getitem((undefined(name='verify') if l_0_verify is missing else l_0_verify), 0)))
    yield "</code> prints the file's digest; <code>"
    yield escape(environment.finalize(environment.getitem((undefined(name='verify') if l_0_verify is missing else l_0_verify), 1)))
    yield '</code> assesses it again and prints every digest (<code>project.sha256</code>, <code>packs[].sha256</code>).</p>\n<p class="muted small">Assessed as of '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'as_of')))
    yield ' by readiness '
    yield escape(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'tool_version')))
    yield '. Every figure comes from the project file and the rubric packs named above; the gaps say what was found, where, why it matters and what to do.</p>\n</section>\n\n'

blocks = {}
debug_info = '6=49&8=53&10=55&11=59&13=65&14=67&15=69&16=71&18=73&19=75&20=77&21=91&22=94&24=96&25=99&26=102&31=112&35=115&36=119&47=129&49=132&50=136&61=150&66=153&67=157&77=173&78=175&79=177&80=179&85=182&86=186&92=194&93=197&95=203&96=207&102=214&107=217&108=221&124=239&125=243&129=254&130=258&132=262&136=264&142=268&143=272&147=285&148=288&149=291&151=293&152=297&157=302&158=305&160=307&167=314&169=317&170=321&179=335&181=340&182=344&183=348&184=351&186=353&187=357&188=359&189=363&191=377&192=379&194=381&204=390&209=393&210=397&214=411&215=414&222=420&228=423&229=427&233=441&234=444&239=449&244=452&245=456&255=463&256=467&262=477&263=485'