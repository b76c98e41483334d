from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'annex-tail.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_footer = resolve('footer')
    pass
    yield '</td></tr></tbody>\n'
    if (undefined(name='footer') if l_0_footer is missing else l_0_footer):
        pass
        yield '<tfoot><tr><td><div class="footer">'
        for l_1_line in (undefined(name='footer') if l_0_footer is missing else l_0_footer):
            _loop_vars = {}
            pass
            yield '<p>'
            yield escape(environment.finalize(l_1_line))
            yield '</p>'
        l_1_line = missing
        yield '</div></td></tr></tfoot>\n'
    yield '</table>\n</body>\n</html>\n'

blocks = {}
debug_info = '5=13&6=16'