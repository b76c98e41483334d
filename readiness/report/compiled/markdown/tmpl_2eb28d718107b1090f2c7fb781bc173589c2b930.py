from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_marker = resolve('marker')
    l_0_a = resolve('a')
    l_0_verdict = resolve('verdict')
    l_0_level_name = resolve('level_name')
    l_0_score = resolve('score')
    l_0_confidence = resolve('confidence')
    l_0_gate = resolve('gate')
    l_0_file_link = resolve('file_link')
    l_0_facts = resolve('facts')
    l_0_funding = resolve('funding')
    l_0_dimensions = resolve('dimensions')
    l_0_band_notes = resolve('band_notes')
    l_0_chart = resolve('chart')
    l_0_horizon = resolve('horizon')
    l_0_paybacks = resolve('paybacks')
    l_0_money = resolve('money')
    l_0_trace = resolve('trace')
    l_0_baseline = resolve('baseline')
    l_0_pilot_criteria = resolve('pilot_criteria')
    l_0_pilot_dates = resolve('pilot_dates')
    l_0_pilot = resolve('pilot')
    l_0_path = resolve('path')
    l_0_actions = resolve('actions')
    l_0_groups = resolve('groups')
    l_0_waivers = resolve('waivers')
    l_0_expiry_days = resolve('expiry_days')
    l_0_waivers_left_out = resolve('waivers_left_out')
    l_0_not_applicable = resolve('not_applicable')
    l_0_missing_files = resolve('missing_files')
    l_0_missing_files_left_out = resolve('missing_files_left_out')
    l_0_packs = resolve('packs')
    l_0_weights = resolve('weights')
    l_0_pack_changes = resolve('pack_changes')
    l_0_file_sha256 = resolve('file_sha256')
    l_0_verify = resolve('verify')
    try:
        t_1 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['prose']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'prose' found.")
    pass
    yield str(environment.finalize((undefined(name='marker') if l_0_marker is missing else l_0_marker)))
    yield '\n# Readiness report: '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'project_name')))
    yield '\n\n**Verdict: '
    yield str(environment.finalize((undefined(name='verdict') if l_0_verdict is missing else l_0_verdict)))
    yield '** · **Readiness level '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'level')))
    yield ' of 5'
    if (undefined(name='level_name') if l_0_level_name is missing else l_0_level_name):
        pass
        yield ' ('
        yield str(environment.finalize((undefined(name='level_name') if l_0_level_name is missing else l_0_level_name)))
        yield ')'
    yield '**, required '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'required_level')))
    yield ' · overall score '
    yield str(environment.finalize((undefined(name='score') if l_0_score is missing else l_0_score)))
    yield ' · evidence confidence '
    yield str(environment.finalize((undefined(name='confidence') if l_0_confidence is missing else l_0_confidence)))
    yield '\n'
    if environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'verdict_reason'):
        pass
        yield '\n**Why:** '
        yield str(environment.finalize(t_3(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'verdict_reason'))))
        yield '\n'
    if (undefined(name='gate') if l_0_gate is missing else l_0_gate):
        pass
        yield '\n'
        yield str(environment.finalize(environment.getattr((undefined(name='gate') if l_0_gate is missing else l_0_gate), 'line')))
        yield '\n\nGate settings in force:\n\n'
        for l_1_line in environment.getattr((undefined(name='gate') if l_0_gate is missing else l_0_gate), 'settings'):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(l_1_line))
            yield '\n'
        l_1_line = missing
    yield '\nProject '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'project_id')))
    yield ' in '
    yield str(environment.finalize((undefined(name='file_link') if l_0_file_link is missing else l_0_file_link)))
    yield ', assessed as of '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'as_of')))
    if environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'decision_date'):
        pass
        yield '; decision date '
        yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'decision_date')))
    yield '.\n\n## The project and the funding ask\n\n'
    for (l_1_label, l_1_value) in (undefined(name='facts') if l_0_facts is missing else l_0_facts):
        _loop_vars = {}
        pass
        yield '- **'
        yield str(environment.finalize(l_1_label))
        yield ':** '
        yield str(environment.finalize(l_1_value))
        yield '\n'
    l_1_label = l_1_value = missing
    if (undefined(name='funding') if l_0_funding is missing else l_0_funding):
        pass
        yield '\n| Funding ask | |\n|---|---|\n'
        for (l_1_label, l_1_value) in (undefined(name='funding') if l_0_funding is missing else l_0_funding):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(l_1_label))
            yield ' | '
            yield str(environment.finalize(l_1_value))
            yield ' |\n'
        l_1_label = l_1_value = missing
    else:
        pass
        yield '\nThe project file asks no funder for anything (no funding section).\n'
    yield '\n## Dimensions\n\n| Dimension | Score | Band | Checks |\n|---|---|---|---|\n'
    for l_1_row in (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'd'), 'title')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'score')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'band')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'counts')))
        yield ' |\n'
    l_1_row = missing
    yield '| **Overall** | '
    yield str(environment.finalize((undefined(name='score') if l_0_score is missing else l_0_score)))
    yield ' | level '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'level')))
    if (undefined(name='level_name') if l_0_level_name is missing else l_0_level_name):
        pass
        yield ' '
        yield str(environment.finalize((undefined(name='level_name') if l_0_level_name is missing else l_0_level_name)))
    yield ' | |\n'
    for l_1_note in (undefined(name='band_notes') if l_0_band_notes is missing else l_0_band_notes):
        _loop_vars = {}
        pass
        yield '\n'
        yield str(environment.finalize(t_3(l_1_note)))
        yield '\n'
    l_1_note = missing
    if (undefined(name='chart') if l_0_chart is missing else l_0_chart):
        pass
        yield '\n'
        yield str(environment.finalize((undefined(name='chart') if l_0_chart is missing else l_0_chart)))
        yield '\n'
    yield '\n## Business case\n\n| Payback | Years | Within '
    yield str(environment.finalize((undefined(name='horizon') if l_0_horizon is missing else l_0_horizon)))
    yield ' |\n|---|---|---|\n'
    t_4 = 1
    for l_1_row in (undefined(name='paybacks') if l_0_paybacks is missing else l_0_paybacks):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_row, 'label')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'years')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'within')))
        yield ' |\n'
        t_4 = 0
    l_1_row = missing
    if t_4:
        pass
        yield '| not given | — | — |\n'
    yield '\n| Money, per year | Amount |\n|---|---|\n| Cost of the losses addressed | '
    yield str(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'losses')))
    yield ' |\n| Benefits claimed | '
    yield str(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'benefits')))
    yield ' |\n| Benefits against those losses | '
    yield str(environment.finalize(environment.getattr((undefined(name='money') if l_0_money is missing else l_0_money), 'ratio')))
    yield ' |\n| Evidence confidence (share of cited evidence measured or documented) | '
    yield str(environment.finalize((undefined(name='confidence') if l_0_confidence is missing else l_0_confidence)))
    yield ' |\n\n### The case, loss by loss\n\n'
    if (undefined(name='trace') if l_0_trace is missing else l_0_trace):
        pass
        yield '| Loss | Annual cost | Components addressing it | Benefit claimed | Evidence |\n|---|---|---|---|---|\n'
        for l_1_row in (undefined(name='trace') if l_0_trace is missing else l_0_trace):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_row, 'loss')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'cost')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'components')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'benefit')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'evidence')))
            yield ' |\n'
        l_1_row = missing
    else:
        pass
        yield 'The baseline names no losses and the business case claims no benefits.\n'
    yield '\n### Baseline\n\n'
    t_5 = 1
    for l_1_line in (undefined(name='baseline') if l_0_baseline is missing else l_0_baseline):
        _loop_vars = {}
        pass
        yield '- '
        yield str(environment.finalize(l_1_line))
        yield '\n'
        t_5 = 0
    l_1_line = missing
    if t_5:
        pass
        yield 'The project file states no baseline.\n'
    yield '\n### Pilot results against their criteria\n\n'
    if (undefined(name='pilot_criteria') if l_0_pilot_criteria is missing else l_0_pilot_criteria):
        pass
        yield 'Success criteria'
        if (undefined(name='pilot_dates') if l_0_pilot_dates is missing else l_0_pilot_dates):
            pass
            yield ' ('
            yield str(environment.finalize((undefined(name='pilot_dates') if l_0_pilot_dates is missing else l_0_pilot_dates)))
            yield ')'
        yield ':\n\n'
        for l_1_criterion in (undefined(name='pilot_criteria') if l_0_pilot_criteria is missing else l_0_pilot_criteria):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(l_1_criterion))
            yield '\n'
        l_1_criterion = missing
    else:
        pass
        yield 'No success criteria stated for the pilot.\n'
    if (undefined(name='pilot') if l_0_pilot is missing else l_0_pilot):
        pass
        yield '\n| KPI | Before | After | Change | Weeks | Baseline target |\n|---|---|---|---|---|---|\n'
        for l_1_row in (undefined(name='pilot') if l_0_pilot is missing else l_0_pilot):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_row, 'kpi')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'before')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'after')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'change')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'weeks')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'target')))
            yield ' |\n'
        l_1_row = missing
    else:
        pass
        yield '\nThe pilot reports no measured results.\n'
    if (undefined(name='path') if l_0_path is missing else l_0_path):
        pass
        yield "\n## Path to ready\n\nThe least effort that reaches each verdict in turn. Each step is applied to a copy of the file (repaired where the file's own figures allow, assumed done where they do not) and assessed again, so what it reaches includes every knock-on effect.\n\n| Step | Close | Effort | Reaches |\n|---|---|---|---|\n"
        l_1_loop = missing
        for l_1_step, l_1_loop in LoopContext(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'steps'), undefined):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_loop, 'index')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_step, 'checks')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_step, 'effort')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_step, 'reaches')))
            yield ' |\n'
        l_1_loop = l_1_step = missing
        l_1_loop = missing
        for l_1_step, l_1_loop in LoopContext(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'steps'), undefined):
            _loop_vars = {}
            pass
            if environment.getattr(l_1_step, 'details'):
                pass
                yield '\nStep '
                yield str(environment.finalize(environment.getattr(l_1_loop, 'index')))
                yield ':\n\n'
                for l_2_line in environment.getattr(l_1_step, 'details'):
                    _loop_vars = {}
                    pass
                    yield '- '
                    yield str(environment.finalize(t_3(l_2_line)))
                    yield '\n'
                l_2_line = missing
        l_1_loop = l_1_step = missing
        if environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'note'):
            pass
            yield '\n'
            yield str(environment.finalize(environment.getattr((undefined(name='path') if l_0_path is missing else l_0_path), 'note')))
            yield '\n'
    yield '\n## Next three actions\n\n'
    l_1_loop = missing
    t_6 = 1
    for l_1_gap, l_1_loop in LoopContext((undefined(name='actions') if l_0_actions is missing else l_0_actions), undefined):
        _loop_vars = {}
        pass
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '. **'
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_gap, 'f'), 'check')))
        yield '** '
        yield str(environment.finalize(t_3(environment.getattr(environment.getattr(l_1_gap, 'f'), 'title'))))
        yield ': '
        yield str(environment.finalize(t_3(environment.getattr(environment.getattr(l_1_gap, 'f'), 'remediation'))))
        yield ' ('
        yield str(environment.finalize(environment.getattr(l_1_gap, 'link')))
        yield ')\n'
        t_6 = 0
    l_1_loop = l_1_gap = missing
    if t_6:
        pass
        yield 'Nothing to fix: every applicable check passes or is waived.\n'
    l_1_loop = missing
    for l_1_group, l_1_loop in LoopContext((undefined(name='groups') if l_0_groups is missing else l_0_groups), undefined):
        _loop_vars = {}
        pass
        if environment.getattr(l_1_loop, 'first'):
            pass
            yield '\n## Gaps\n'
        yield '\n### '
        yield str(environment.finalize(environment.getattr(l_1_group, 'title')))
        yield ' ('
        yield str(environment.finalize(t_2(environment.getattr(l_1_group, 'gaps'))))
        yield ')\n'
        if environment.getattr(l_1_group, 'set_aside'):
            pass
            yield '\n_'
            yield str(environment.finalize(t_3(environment.getattr(l_1_group, 'set_aside'))))
            yield '._\n'
        for l_2_gap in environment.getattr(l_1_group, 'gaps'):
            _loop_vars = {}
            pass
            yield '\n#### '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'check')))
            yield ' · '
            yield str(environment.finalize(t_3(environment.getattr(environment.getattr(l_2_gap, 'f'), 'title'))))
            yield '\n\n**'
            yield str(environment.finalize(environment.getattr(environment.getattr(l_2_gap, 'f'), 'severity')))
            yield '** · '
            yield str(environment.finalize(environment.getattr(l_2_gap, 'status')))
            yield ' · '
            yield str(environment.finalize(environment.getattr(l_2_gap, 'dimension')))
            yield ' · '
            yield str(environment.finalize(environment.getattr(l_2_gap, 'link')))
            yield '\n\n- **Found:** '
            yield str(environment.finalize(t_3(environment.getattr(environment.getattr(l_2_gap, 'f'), 'message'))))
            yield '\n- **What to do:** '
            yield str(environment.finalize(t_3(environment.getattr(environment.getattr(l_2_gap, 'f'), 'remediation'))))
            yield '\n\n<details><summary>Why it matters</summary>\n\n'
            yield str(environment.finalize(t_3(environment.getattr(environment.getattr(l_2_gap, 'f'), 'rationale'))))
            yield '\n\n</details>\n'
        l_2_gap = missing
    l_1_loop = l_1_group = missing
    if (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
        pass
        yield '\n## Waivers\n\nWaivers expiring within '
        yield str(environment.finalize((undefined(name='expiry_days') if l_0_expiry_days is missing else l_0_expiry_days)))
        yield ' days of '
        yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'as_of')))
        yield " are flagged. A waiver that is not honoured (no reason, approver or expiry; expired; beyond the programme's maximum term; or a blocker its policy does not allow) excuses nothing: its check keeps its status.\n\n| Check | Severity | Reason | Approved by | Expires | State | Where |\n|---|---|---|---|---|---|---|\n"
        for l_1_row in (undefined(name='waivers') if l_0_waivers is missing else l_0_waivers):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'waiver'), 'check')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'waiver'), 'severity') or '—')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'waiver'), 'reason') or '—')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'waiver'), 'approved_by') or '—')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(environment.getattr(l_1_row, 'waiver'), 'expires') or '—')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'state')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_row, 'link')))
            yield ' |\n'
        l_1_row = missing
        if (undefined(name='waivers_left_out') if l_0_waivers_left_out is missing else l_0_waivers_left_out):
            pass
            yield '\n'
            yield str(environment.finalize((undefined(name='waivers_left_out') if l_0_waivers_left_out is missing else l_0_waivers_left_out)))
            yield '\n'
    if (undefined(name='not_applicable') if l_0_not_applicable is missing else l_0_not_applicable):
        pass
        yield '\n## Not applicable\n\nThese checks do not apply to this project and count in no score:\n\n'
        for l_1_f in (undefined(name='not_applicable') if l_0_not_applicable is missing else l_0_not_applicable):
            _loop_vars = {}
            pass
            yield '- **'
            yield str(environment.finalize(environment.getattr(l_1_f, 'check')))
            yield '** '
            yield str(environment.finalize(t_3(environment.getattr(l_1_f, 'title'))))
            yield '\n'
        l_1_f = missing
    if environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'missing_evidence_files'):
        pass
        yield '\n## Missing evidence files\n\nThe evidence register points at these files, which do not exist beside the project file (they earn no evidence confidence):\n\n'
        for l_1_name in (undefined(name='missing_files') if l_0_missing_files is missing else l_0_missing_files):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(t_1(l_1_name)))
            yield '\n'
        l_1_name = missing
        if (undefined(name='missing_files_left_out') if l_0_missing_files_left_out is missing else l_0_missing_files_left_out):
            pass
            yield '- '
            yield str(environment.finalize((undefined(name='missing_files_left_out') if l_0_missing_files_left_out is missing else l_0_missing_files_left_out)))
            yield '\n'
    yield '\n## Rubric packs\n\n| Pack | Version | Rules valid as of | SHA-256 of the pack file |\n|---|---|---|---|\n'
    for l_1_row in (undefined(name='packs') if l_0_packs is missing else l_0_packs):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_row, 'p'), 'id')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'version')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'valid_as_of')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_row, 'sha256')))
        yield ' |\n'
    l_1_row = missing
    yield '\nDimension weights in force: '
    yield str(environment.finalize((undefined(name='weights') if l_0_weights is missing else l_0_weights)))
    yield '.\n'
    if (undefined(name='pack_changes') if l_0_pack_changes is missing else l_0_pack_changes):
        pass
        yield '\nWhat the added packs change from the built-in ones:\n\n| Pack | Change |\n|---|---|\n'
        for l_1_c in (undefined(name='pack_changes') if l_0_pack_changes is missing else l_0_pack_changes):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_c, 'pack')))
            yield ' | '
            yield str(environment.finalize(t_3(environment.getattr(l_1_c, 'summary'))))
            yield ' |\n'
        l_1_c = missing
    else:
        pass
        yield '\nNo pack changes the built-in checks, rules, weights or parameters.\n'
    yield "\nThe project file's SHA-256 is "
    yield str(environment.finalize((undefined(name='file_sha256') if l_0_file_sha256 is missing else l_0_file_sha256)))
    yield '. To verify: '
    yield str(environment.finalize(t_1(environment.getitem((undefined(name='verify') if l_0_verify is missing else l_0_verify), 0))))
    yield ' prints it; '
    yield str(environment.finalize(t_1(environment.getitem((undefined(name='verify') if l_0_verify is missing else l_0_verify), 1))))
    yield " prints it and every pack's.\n\nAssessed as of "
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'as_of')))
    yield ' by readiness '
    yield str(environment.finalize(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'tool_version')))
    yield '.\n'

blocks = {}
debug_info = '3=64&4=66&6=68&7=84&9=87&11=89&13=92&17=94&18=98&22=102&26=112&27=116&29=121&33=124&34=128&45=137&46=141&48=151&49=159&51=163&53=166&55=169&60=172&62=175&63=179&70=191&71=193&72=195&73=197&77=199&80=202&81=206&89=222&90=226&97=234&98=237&100=243&101=247&106=253&110=256&111=260&117=276&125=280&126=284&128=294&129=297&131=300&133=302&134=306&138=310&140=313&146=318&147=321&151=337&152=340&157=344&158=348&160=351&162=353&164=357&166=361&168=369&169=371&173=373&178=377&182=380&186=384&187=388&189=403&191=406&194=408&200=411&201=415&204=420&210=423&211=427&213=430&214=433&222=436&223=440&226=450&227=452&233=455&234=459&241=468&243=474'