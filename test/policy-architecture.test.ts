/**
 * One policy gate (DESIGN.md invariant 1), checked on the source: fails the build if a route
 * handler could reach an unfiltered query.
 *
 * 1. The Store interface has no read of STIX content without a Viewer.
 * 2. Nothing under src/http/ imports a database driver, a concrete store or the store's SQL.
 * 3. Nothing under src/http/ makes a Viewer (no token lists, no memberViewer/peerViewer): the
 *    only viewer a route holds is the authenticated principal's, so every read it makes is the
 *    caller's.
 * 4. Every STIX read a route makes passes that viewer.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from './support/shared-data.js';

const HTTP = join(REPO_ROOT, 'src/http');
/** Store methods that read STIX rows, and the position of their viewer parameter. */
const STIX_READS = new Map([
  ['queryObjects', 1],
  ['getObject', 1],
  ['countObjects', 1],
  ['deleteVersions', 3],
]);
const FORBIDDEN_IMPORTS = [
  /(^|\/)store\/(sqlite|postgres|sql)\//,
  /^better-sqlite3$/,
  /^pg$/,
  /^node:sqlite$/,
];
/** Only authentication builds the principal's viewer (through identity/viewer-of.ts). */
const VIEWER_FACTORIES = new Set([
  'memberViewer',
  'peerViewer',
  'PUBLIC_VIEWER',
  'organizationViewer',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Violations of rules 2-4 in one source text. */
export function gateViolations(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) =>
    `${relative(REPO_ROOT, fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      if (FORBIDDEN_IMPORTS.some((re) => re.test(from)))
        found.push(`${where(node)} imports ${from}: routes read only through the Store interface`);
      const named = node.importClause?.namedBindings;
      if (named && ts.isNamedImports(named) && !node.importClause?.isTypeOnly)
        for (const element of named.elements)
          if (
            !element.isTypeOnly &&
            VIEWER_FACTORIES.has((element.propertyName ?? element.name).text)
          )
            found.push(
              `${where(element)} imports ${element.name.text}: a route may not make a viewer`,
            );
    }
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const name = node.name.getText(source);
      if (name === 'tokens' || name === 'withheld')
        found.push(`${where(node)} builds a viewer ("${name}"): use the principal's viewer`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const position = STIX_READS.get(method);
      if (position !== undefined) {
        const viewer = node.arguments[position];
        if (!viewer || !/(^|\.)viewer$/.test(viewer.getText(source)))
          found.push(`${where(node)} calls ${method} without the principal's viewer`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('Architecture :: one policy gate', () => {
  test('the Store interface has no read of STIX content without a viewer', () => {
    const path = join(REPO_ROOT, 'src/store/store.ts');
    const source = ts.createSourceFile(
      path,
      readFileSync(path, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    let store: ts.InterfaceDeclaration | undefined;
    source.forEachChild((n) => {
      if (ts.isInterfaceDeclaration(n) && n.name.text === 'Store') store = n;
    });
    assert.ok(store, 'interface Store found');
    const readsStix: string[] = [];
    for (const member of store.members) {
      if (!ts.isMethodSignature(member) || !member.type) continue;
      const returns = member.type.getText(source);
      if (
        !/StoredVersion|ObjectPage/.test(returns) &&
        member.name.getText(source) !== 'countObjects'
      )
        continue;
      readsStix.push(member.name.getText(source));
      const takesViewer = member.parameters.some(
        (p) => p.type?.getText(source) === 'Viewer' && p.questionToken === undefined,
      );
      assert.ok(
        takesViewer,
        `Store.${member.name.getText(source)} returns STIX content without a required Viewer`,
      );
    }
    assert.deepEqual(readsStix.sort(), ['countObjects', 'getObject', 'queryObjects']);
  });

  test('no route handler can reach an unfiltered query (src/http/**)', () => {
    const files = sourceFiles(HTTP);
    assert.ok(files.length >= 8, 'the HTTP sources were found');
    const violations = files.flatMap((f) => gateViolations(f, readFileSync(f, 'utf8')));
    assert.deepEqual(violations, []);
  });

  test('the check catches each kind of bypass', () => {
    const bad = [
      "import { SqliteStore } from '../../store/sqlite/sqlite-store.js';",
      "import Database from 'better-sqlite3';",
      "import { memberViewer } from '../../policy/viewer.js';",
      "const all = { tokens: ['public', 'community'] };",
      'await store.queryObjects(query, { tokens: everyone });',
      'await store.getObject(id, adminView);',
      'await store.countObjects(query, principal.viewer); await deps.store.deleteVersions(id, org, [], PUBLIC);',
    ];
    for (const line of bad) assert.notDeepEqual(gateViolations(join(HTTP, 'x.ts'), line), [], line);
    assert.deepEqual(
      gateViolations(
        join(HTTP, 'ok.ts'),
        "import type { Viewer } from '../../policy/viewer.js';\nconst { viewer } = principalOf(request);\nawait store.queryObjects(q, viewer);\nawait store.getObject(id, principalOf(request).viewer);",
      ),
      [],
    );
  });
});
