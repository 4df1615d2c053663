import { isModule, type Adapter } from './adapter.js';

const MODULES = ['jwt-decode'];

// jwt-decode only base64-decodes: `jwtDecode(token)` (v4 named, v3 default export);
// `{ header: true }` reads the header alone.
export const jwtDecodeAdapter: Adapter = {
  library: 'jwt-decode',
  modules: MODULES,
  visitCall(call, ctx) {
    const sym = ctx.symbolOf(call.callee);
    if (!isModule(sym, MODULES)) return;
    const name = sym.path.join('.');
    if (name !== '' && name !== 'jwtDecode' && name !== 'default') return;
    const header = ctx.options(ctx.arg(call, 1)).get('header');
    const headerOnly = header.state === 'present' && header.value?.kind === 'boolean' && header.value.value;
    const facts = ctx.decodeFacts(call, ctx.arg(call, 0), { returnsComplete: false });
    ctx.emit({
      library: 'jwt-decode',
      api: 'jwtDecode',
      operation: 'decode',
      signs: false,
      verifies: false,
      loc: ctx.loc(call),
      key: null,
      decode: { ...facts, headerOnly: headerOnly || facts.headerOnly },
    });
  },
};
