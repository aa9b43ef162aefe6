import { describe, expect, it } from 'vitest';
import { convertSource, dottedPath, parseSource, placeIssues, splitPath } from './source';

const json = `{
  "name": "Demo",
  "steps": [
    { "id": "a", "kind": "say", "html": "Hi" },
    { "id": "b", "kind": "say",
      "next": "zzz" }
  ]
}
`;

const yaml = `name: Demo
steps:
  - id: a
    kind: say
    html: Hi
  - id: b
    kind: branch
    cases:
      - op: eq
        value: 1
        goto: nowhere
`;

describe('placeIssues', () => {
  it('maps a JSON path to the line of its value', () => {
    const parsed = parseSource(json);
    expect(parsed.syntax).toEqual([]);
    const [issue] = placeIssues(parsed, [{ path: ['steps', 1, 'next'], message: 'no such step' }]);
    expect(issue).toMatchObject({ line: 6, path: 'steps[1].next', message: 'no such step' });
    expect(json.slice(issue!.from, issue!.to)).toBe('"zzz"');
  });

  it('maps a YAML path, and a missing field to the object that lacks it', () => {
    const parsed = parseSource(yaml);
    const [goto, missing, top] = placeIssues(parsed, [
      { path: ['steps', 1, 'cases', 0, 'goto'], message: 'x' },
      { path: ['steps', 1, 'otherwise'], message: 'required' },
      { path: ['description'], message: 'required' },
    ]);
    expect(goto!.line).toBe(11);
    expect(yaml.slice(goto!.from, goto!.to)).toBe('nowhere');
    expect(missing!.line).toBe(6);
    expect(top!.line).toBe(1);
  });

  it('reports syntax errors at their own line and gives no value', () => {
    const parsed = parseSource('{\n  "name": "x",\n  "steps": [ ,\n}');
    expect(parsed.value).toBeUndefined();
    expect(parsed.syntax.length).toBeGreaterThan(0);
    expect(parsed.syntax[0]!.line).toBe(3);
  });
});

describe('paths', () => {
  it('writes and reads dotted paths', () => {
    expect(dottedPath(['steps', 2, 'attributes', 0, 'key'])).toBe('steps[2].attributes[0].key');
    expect(splitPath('steps.2.attributes.0.key')).toEqual(['steps', 2, 'attributes', 0, 'key']);
    expect(splitPath('steps[2].key')).toEqual(['steps', 2, 'key']);
  });
});

describe('convertSource', () => {
  it('turns JSON into YAML and back with the same value', () => {
    const asYaml = convertSource(json, 'yaml')!;
    expect(asYaml).toContain('- id: a');
    expect(JSON.parse(convertSource(asYaml, 'json')!)).toEqual(JSON.parse(json));
    expect(convertSource('{ broken', 'yaml')).toBeNull();
  });
});
