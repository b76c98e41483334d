from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'annex-head.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_csp = resolve('csp')
    l_0_tool_version = resolve('tool_version')
    l_0_title = resolve('title')
    l_0_css = resolve('css')
    l_0_running = resolve('running')
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape(environment.finalize((undefined(name='csp') if l_0_csp is missing else l_0_csp)))
    yield '">\n<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="readiness '
    yield escape(environment.finalize((undefined(name='tool_version') if l_0_tool_version is missing else l_0_tool_version)))
    yield '">\n<title>'
    yield escape(environment.finalize((undefined(name='title') if l_0_title is missing else l_0_title)))
    yield '</title>\n<style>'
    yield escape(environment.finalize((undefined(name='css') if l_0_css is missing else l_0_css)))
    yield '</style>\n</head>\n<body>\n<table class="frame">\n<thead><tr><td><div class="running">'
    yield escape(environment.finalize((undefined(name='running') if l_0_running is missing else l_0_running)))
    yield '</div></td></tr></thead>\n<tbody><tr><td>\n\n'

blocks = {}
debug_info = '9=17&12=19&13=21&14=23&18=25'