// @ts-check
/**
 * `yimen/no-ignored-result`: a `Result` (common/result.ts: `{ ok: true, value } | { ok: false,
 * error }`) computed and then dropped on the floor is an expected failure nobody handles — a
 * receipt that did not print, an audit entry that was not written. The rule reports an expression
 * statement whose value (after `await`) is a Result. Drop one on purpose with `void`, which says so.
 *
 * It complements `@typescript-eslint/no-floating-promises`, which catches an un-awaited promise of
 * a Result but not an awaited one whose value is ignored.
 */
import { ESLintUtils } from '@typescript-eslint/utils';
import ts from 'typescript';

/** @param {ts.Type} t @param {string} name */
function propertyType(t, name, /** @type {ts.TypeChecker} */ checker) {
  const p = t.getProperty(name);
  return p ? checker.getTypeOfSymbol(p) : null;
}

/** Is `type` a union whose members all carry a boolean-literal `ok`, with an ok:true/value and an ok:false/error member? */
function isResultType(/** @type {ts.Type} */ type, /** @type {ts.TypeChecker} */ checker) {
  if (!type.isUnion()) return false;
  let success = false;
  let failure = false;
  for (const member of type.types) {
    if (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) continue;
    const ok = propertyType(member, 'ok', checker);
    if (!ok || !(ok.flags & ts.TypeFlags.BooleanLiteral)) return false;
    const isTrue = checker.typeToString(ok) === 'true';
    if (isTrue && member.getProperty('value')) success = true;
    else if (!isTrue && member.getProperty('error')) failure = true;
    else return false;
  }
  return success && failure;
}

export const noIgnoredResult = ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: 'problem',
    messages: {
      ignored: 'This Result is dropped: handle its `ok: false` case, or write `void` before it to drop it on purpose.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    return {
      ExpressionStatement(node) {
        const expr = node.expression;
        if (expr.type === 'UnaryExpression' && expr.operator === 'void') return;
        if (expr.type === 'AssignmentExpression') return;
        const type = services.getTypeAtLocation(expr);
        if (isResultType(type, checker)) context.report({ node, messageId: 'ignored' });
      },
    };
  },
});

export const yimenPlugin = { rules: { 'no-ignored-result': noIgnoredResult } };
