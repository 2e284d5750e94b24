// Path templates: matching, intended-but-malformed detection, template errors and rendering.
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  joinBase,
  relativeToBase,
  renderTemplate,
  TemplateError,
} from '../../../src/core/gitops/template.ts';
import { DEFAULT_FILE_PATH_TEMPLATE } from '../../../src/core/model/workspace-spec.ts';

const files = compileTemplate(DEFAULT_FILE_PATH_TEMPLATE, ['DB_NAME', 'VERSION']);

describe('compileTemplate', () => {
  it('captures every placeholder of the default template', () => {
    expect(files.match('prod/shop##0001##migrate##create_orders.sql')).toEqual({
      ENV_ID: 'prod',
      DB_NAME: 'shop',
      VERSION: '0001',
      TYPE: 'migrate',
      DESCRIPTION: 'create_orders',
    });
    expect(files.match('prod/shop##0001##data##.sql')).toMatchObject({ DESCRIPTION: '' });
  });

  it('does not match other depths, endings or missing parts', () => {
    expect(files.match('shop##0001##migrate##x.sql')).toBeNull();
    expect(files.match('a/prod/shop##0001##migrate##x.sql')).toBeNull();
    expect(files.match('prod/shop##0001##migrate##x.txt')).toBeNull();
    expect(files.match('prod/shop##0001.sql')).toBeNull();
  });

  it('tells a malformed migration name from an unrelated file', () => {
    expect(files.looksIntended('prod/shop##0001.sql')).toBe(true);
    expect(files.looksIntended('prod/shop-0001.sql')).toBe(false);
    expect(files.looksIntended('prod/README.md')).toBe(false);
    expect(files.looksIntended('docs/deep/shop##1.sql')).toBe(false);
  });

  it('refuses unusable templates with the reason', () => {
    const problem = (t: string) => {
      try {
        compileTemplate(t, ['DB_NAME', 'VERSION']);
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(TemplateError);
        return (err as TemplateError).problem;
      }
    };
    expect(problem('{{ENV_ID}}/{{DB}}##{{VERSION}}.sql')).toMatch(/unknown placeholder \{\{DB\}\}/);
    expect(problem('{{ENV_ID}}/{{DB_NAME}}.sql')).toBe('must contain {{VERSION}}');
    expect(problem('{{DB_NAME}}{{VERSION}}.sql')).toMatch(/separated by literal text/);
    expect(problem('{{DB_NAME}}##{{VERSION}}##{{VERSION}}.sql')).toMatch(/appears twice/);
    expect(problem('../{{DB_NAME}}##{{VERSION}}.sql')).toMatch(/relative path/);
    expect(problem('{{DB_NAME}}##{{VERSION}}.sql')).toBeNull();
  });
});

describe('paths', () => {
  it('renders schema paths and resolves the base directory', () => {
    expect(renderTemplate('{{ENV_ID}}/.{{DB_NAME}}##LATEST.sql', { ENV_ID: 'prod', DB_NAME: 'shop' })).toBe(
      'prod/.shop##LATEST.sql',
    );
    expect(relativeToBase('db/migrations', 'db/migrations/prod/x.sql')).toBe('prod/x.sql');
    expect(relativeToBase('db/migrations', 'db/migrations2/prod/x.sql')).toBeNull();
    expect(relativeToBase('', 'prod/x.sql')).toBe('prod/x.sql');
    expect(joinBase('/db/', 'prod/x.sql')).toBe('db/prod/x.sql');
    expect(joinBase('', 'prod/x.sql')).toBe('prod/x.sql');
  });
});
