import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Radio, Select, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../../api/client';
import { useDebouncedValue } from '../../../components/use-debounced-value';
import { useIsMobile } from '../../shell/use-is-mobile';
import { useCustomFields } from '../customer-queries';
import { fieldLabel, useFieldOptions, type FieldOptionGroup } from './import-fields';
import { useReportImportError } from './import-format';
import { ImportPreview, useColumnSamples } from './import-preview';
import { importKey, useImport, useSavedMappings } from './import-queries';
import { ImportSteps } from './import-steps';
import { IMPORT_MODES, MATCH_RULES, TEXT_ENCODINGS, type Import, type ImportSettings } from './import-types';
import { applySavedMapping, canStart, fitsHeaders, mappingProblems } from './mapping-rules';

/** Everything but the encoding, which is saved apart (see changeEncoding). */
const rulesOf = ({ encoding: _encoding, ...rules }: ImportSettings) => rules;

const settingsOf = (imp: Import): ImportSettings => ({
  encoding: imp.encoding,
  mapping: imp.mapping,
  matchBy: imp.matchBy,
  mode: imp.mode,
  dryRun: imp.dryRun,
});

const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GB18030 (GBK)',
  big5: 'Big5',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
};

/** The select's value for "leave this column out"; the mapping itself says null. */
const IGNORE = '';

/** Columns as a spreadsheet names them (A, B, … Z, AA), so people find them in their file. */
function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

type FieldSelectProps = {
  value: string | null;
  onChange: (field: string | null) => void;
  groups: FieldOptionGroup[];
  repeated: boolean;
  testId: string;
};

function FieldSelect({ value, onChange, groups, repeated, testId }: FieldSelectProps) {
  const { t } = useTranslation();
  return (
    <Select
      value={value ?? IGNORE}
      onChange={(next: string) => onChange(next === IGNORE ? null : next)}
      options={[{ value: IGNORE, label: t('imports.mapping.ignore') }, ...groups]}
      showSearch={{ optionFilterProp: 'label' }}
      status={repeated ? 'error' : undefined}
      style={{ width: '100%', minWidth: 200 }}
      data-testid={testId}
    />
  );
}

type ColumnRow = { index: number; header: string };

/** The column table: each column of the file, what it holds, and the field it fills. */
function ColumnMappingTable({
  imp,
  settings,
  onMap,
  repeated,
}: {
  imp: Import;
  settings: ImportSettings;
  onMap: (index: number, field: string | null) => void;
  repeated: Set<string>;
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const suggested = useMemo(() => Object.values(imp.mapping), [imp.mapping]);
  const groups = useFieldOptions(suggested);
  const samples = useColumnSamples(imp.id, imp.version, imp.encoding);
  const rows: ColumnRow[] = imp.headers.map((header, index) => ({ index, header }));
  const fieldOf = (index: number) => settings.mapping[String(index)] ?? null;
  const select = (row: ColumnRow) => {
    const field = fieldOf(row.index);
    return (
      <FieldSelect
        value={field}
        onChange={(next) => onMap(row.index, next)}
        groups={groups}
        repeated={field !== null && repeated.has(field)}
        testId={`import-map-${row.index}`}
      />
    );
  };
  const headerCell = (row: ColumnRow) => (
    <Flex gap={8} align="baseline">
      <Typography.Text type="secondary">{columnLetter(row.index)}</Typography.Text>
      <Typography.Text strong delete={fieldOf(row.index) === null} style={{ wordBreak: 'break-word' }}>
        {row.header || t('imports.mapping.noHeader')}
      </Typography.Text>
    </Flex>
  );
  const sampleCell = (row: ColumnRow) => {
    const values = samples(row.index);
    return values.length ? (
      <Typography.Text type="secondary" ellipsis={{ tooltip: values.join(' · ') }} style={{ maxWidth: mobile ? '100%' : 320 }}>
        {values.join(' · ')}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  };

  if (mobile) {
    return (
      <Flex vertical gap={8} data-testid="import-mapping">
        {rows.map((row) => (
          <Card key={row.index} size="small">
            <Flex vertical gap={6}>
              {headerCell(row)}
              {sampleCell(row)}
              {select(row)}
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  }
  const columns: TableColumnsType<ColumnRow> = [
    { title: t('imports.mapping.column'), key: 'column', width: 220, render: (_, row) => headerCell(row) },
    { title: t('imports.mapping.samples'), key: 'samples', render: (_, row) => sampleCell(row) },
    { title: t('imports.mapping.field'), key: 'field', width: 280, render: (_, row) => select(row) },
  ];
  return (
    <Table<ColumnRow>
      size="small"
      rowKey="index"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="import-mapping"
    />
  );
}

/** What stands in the way of starting, or is worth knowing first, in plain words. */
function Problems({ settings }: { settings: ImportSettings }) {
  const { t } = useTranslation();
  const customFields = useCustomFields().rows;
  const problems = mappingProblems(settings);
  const notes: { type: 'error' | 'warning'; text: string }[] = [];
  for (const field of problems.repeated) {
    notes.push({ type: 'error', text: t('imports.problems.repeated', { field: fieldLabel(t, field, customFields) }) });
  }
  if (problems.missingName) notes.push({ type: 'error', text: t('imports.problems.missingName') });
  if (problems.noWayToMatch) notes.push({ type: 'error', text: t('imports.problems.noWayToMatch') });
  else if (problems.idleRules.length) {
    const rules = problems.idleRules.map((rule) => t(`imports.matchBy.${rule}`)).join(t('imports.listSeparator'));
    notes.push({ type: 'warning', text: t('imports.problems.idleRules', { rules }) });
  }
  if (!notes.length) return null;
  return (
    <Flex vertical gap={8} data-testid="import-problems">
      {notes.map((note) => (
        <Alert key={note.text} type={note.type} showIcon title={note.text} />
      ))}
    </Flex>
  );
}

/**
 * Step two: which column fills which field, how rows find the customers already there, and a
 * preview of what the first rows become. Every change is saved to the import as it is made (the
 * preview is computed by the server from the saved settings), so a reload loses nothing.
 */
export function MappingStep({ initial }: { initial: Import }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const report = useReportImportError();
  const id = initial.id;
  const imp = useImport(id).data ?? initial;
  const savedMappings = useSavedMappings();
  const [draft, setDraft] = useState(() => settingsOf(initial));
  const [saveAs, setSaveAs] = useState('');
  const [starting, setStarting] = useState(false);

  // Changes are sent once the person pauses, in order (one mutation scope), and without If-Match:
  // the draft of an import belongs to the one person mapping it, so the latest settings win.
  const save = useMutation({
    scope: { id: `import-settings-${id}` },
    mutationFn: (body: Partial<ImportSettings> & { saveMappingAs?: string }) => api.patch<Import>(`/v1/imports/${id}`, body),
    onSuccess: (updated) => queryClient.setQueryData(importKey(id), updated),
  });
  const { mutate } = save;
  const settled = useDebouncedValue(draft, 400);
  const lastSent = useRef(JSON.stringify(rulesOf(settingsOf(initial))));
  useEffect(() => {
    const body = JSON.stringify(rulesOf(settled));
    if (body === lastSent.current) return;
    lastSent.current = body;
    mutate(rulesOf(settled), { onError: report });
  }, [settled, mutate, report]);

  /**
   * Another encoding is saved at once and on its own: read differently, the header may say
   * something else, and the server then suggests a fresh mapping, which becomes the draft's.
   */
  const changeEncoding = (encoding: string) => {
    setDraft((d) => ({ ...d, encoding }));
    mutate(
      { ...rulesOf(draft), mapping: undefined, encoding },
      {
        onSuccess: (updated) => {
          const next = settingsOf(updated);
          lastSent.current = JSON.stringify(rulesOf(next));
          setDraft(next);
        },
        onError: (err) => {
          setDraft((d) => ({ ...d, encoding: imp.encoding }));
          report(err);
        },
      },
    );
  };

  const problems = mappingProblems(draft);
  const update = (change: Partial<ImportSettings>) => setDraft((d) => ({ ...d, ...change }));

  const start = async () => {
    setStarting(true);
    try {
      lastSent.current = JSON.stringify(rulesOf(draft));
      const name = saveAs.trim();
      await save.mutateAsync({ ...rulesOf(draft), ...(name ? { saveMappingAs: name } : {}) });
      const started = await api.post<Import>(`/v1/imports/${id}/start`);
      queryClient.setQueryData(importKey(id), started);
      if (name) void queryClient.invalidateQueries({ queryKey: ['import-mappings'] });
      void navigate(`/customers/imports/${id}`);
    } catch (err) {
      report(err);
      setStarting(false);
    }
  };

  const mappingOptions = (savedMappings.data ?? [])
    .map((saved) => ({ saved, fits: fitsHeaders(imp.headers, saved) }))
    .sort((a, b) => Number(b.fits) - Number(a.fits) || a.saved.name.localeCompare(b.saved.name))
    .map(({ saved, fits }) => ({ value: saved.id, label: fits ? `${saved.name} ✓` : saved.name }));

  const encodings = [...new Set([...TEXT_ENCODINGS, ...(imp.encoding ? [imp.encoding] : [])])];
  const detected = imp.detectedEncoding;
  const settingWidth = mobile ? '100%' : 280;

  return (
    <>
      <ImportSteps current={1} />
      <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
        {imp.format === 'xlsx' ? <FileExcelOutlined /> : <FileTextOutlined />}
        <Typography.Text strong style={{ wordBreak: 'break-all' }}>
          {imp.fileName}
        </Typography.Text>
        <Tag>{imp.format.toUpperCase()}</Tag>
        <Tag>{t('imports.mapping.columnCount', { count: imp.headers.length })}</Tag>
      </Flex>
      <Form layout="vertical" component="div">
        <Flex gap={16} wrap>
          {imp.format === 'csv' ? (
            <Form.Item
              label={t('imports.mapping.encoding')}
              extra={detected ? t('imports.mapping.detected', { encoding: ENCODING_LABELS[detected] ?? detected }) : undefined}
              style={{ width: settingWidth }}
            >
              <Select
                value={draft.encoding ?? detected ?? 'utf-8'}
                onChange={changeEncoding}
                options={encodings.map((e) => ({ value: e, label: ENCODING_LABELS[e] ?? e }))}
                data-testid="import-encoding"
              />
            </Form.Item>
          ) : null}
          {mappingOptions.length ? (
            <Form.Item label={t('imports.mapping.useSaved')} extra={t('imports.mapping.useSavedHelp')} style={{ width: settingWidth }}>
              <Select
                value={null}
                placeholder={t('imports.mapping.useSavedPlaceholder')}
                options={mappingOptions}
                onChange={(savedId: string) => {
                  const saved = savedMappings.data?.find((m) => m.id === savedId);
                  if (!saved) return;
                  update({ mapping: applySavedMapping(imp.headers, draft.mapping, saved) });
                  void message.success(t('imports.mapping.applied', { name: saved.name }));
                }}
                data-testid="import-saved-mapping"
              />
            </Form.Item>
          ) : null}
        </Flex>

        <Typography.Title level={5}>{t('imports.mapping.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('imports.mapping.help')}</Typography.Paragraph>
        <ColumnMappingTable
          imp={imp}
          settings={draft}
          onMap={(index, field) => update({ mapping: { ...draft.mapping, [String(index)]: field } })}
          repeated={problems.repeated}
        />

        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('imports.rules.title')}
        </Typography.Title>
        <Form.Item label={t('imports.rules.matchBy')} extra={t('imports.rules.matchByHelp')}>
          <Checkbox.Group
            value={draft.matchBy}
            onChange={(matchBy) => update({ matchBy })}
            options={MATCH_RULES.map((rule) => ({ value: rule, label: t(`imports.matchBy.${rule}`) }))}
            data-testid="import-match-by"
          />
        </Form.Item>
        <Form.Item label={t('imports.rules.mode')}>
          <Radio.Group
            value={draft.mode}
            onChange={(e) => update({ mode: e.target.value as ImportSettings['mode'] })}
            orientation={mobile ? 'vertical' : 'horizontal'}
            options={IMPORT_MODES.map((mode) => ({ value: mode, label: t(`imports.modes.${mode}`) }))}
            data-testid="import-mode"
          />
        </Form.Item>

        <Typography.Title level={5} style={{ marginTop: 8 }}>
          {t('imports.preview.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('imports.preview.help')}</Typography.Paragraph>
        <ImportPreview importId={id} version={imp.version} encoding={imp.encoding} busy={draft !== settled || save.isPending} />

        <Flex gap={16} wrap style={{ marginTop: 24 }}>
          <Form.Item label={t('imports.start.dryRun')} extra={t('imports.start.dryRunHelp')} style={{ width: mobile ? '100%' : 360 }}>
            <Switch checked={draft.dryRun} onChange={(dryRun) => update({ dryRun })} data-testid="import-dry-run" />
          </Form.Item>
          <Form.Item label={t('imports.start.saveAs')} extra={t('imports.start.saveAsHelp')} style={{ width: settingWidth }}>
            <Input
              value={saveAs}
              onChange={(e) => setSaveAs(e.target.value)}
              maxLength={100}
              placeholder={t('imports.start.saveAsPlaceholder')}
              data-testid="import-save-as"
            />
          </Form.Item>
        </Flex>
      </Form>
      <Problems settings={draft} />
      <Flex gap={8} wrap justify="flex-end" style={{ marginTop: 16 }}>
        <Link to="/customers/import">
          <Button>{t('imports.start.another')}</Button>
        </Link>
        <Button type="primary" loading={starting} disabled={!canStart(problems)} onClick={() => void start()} data-testid="import-start">
          {draft.dryRun ? t('imports.start.dryRunButton') : t('imports.start.button')}
        </Button>
      </Flex>
    </>
  );
}
