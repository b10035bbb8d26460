import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Form, Input, Row, Select, Skeleton, Space, Tag, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { OrgUnit, OrgUnitKind } from '../../api/types';
import { ConfirmLinkButton } from '../../components/confirm-link-button';
import { FormModal } from '../../components/form-modal';
import { blankToNull, dropNulls, requiredRule } from '../../components/form-rules';
import { useFormSubmit } from '../../components/use-form-submit';
import { AdminPage } from './admin-page';
import { buildOrgTree, type OrgTreeNode, subtreeIds, useOrgUnitKindRules, useOrgUnits } from './admin-queries';
import { OrgUnitSelect } from './org-unit-select';
import { UserSelect } from './user-select';
import { useAction } from '../../components/use-action';

type UnitFormValues = {
  name: string;
  kind: OrgUnitKind;
  code?: string | null;
  parentId?: string | null;
  managerId?: string | null;
};

/** What people usually put under a unit of each kind; only a suggestion, any kind may be chosen. */
const CHILD_KIND: Record<OrgUnitKind, OrgUnitKind> = {
  company: 'branch',
  branch: 'department',
  outlet: 'team',
  department: 'team',
  team: 'team',
};

function UnitFields({ movingId }: { movingId?: string }) {
  const { t } = useTranslation();
  const units = useOrgUnits();
  // A unit cannot move under itself or anything below it.
  const blocked = useMemo(() => (movingId ? subtreeIds(units.rows, movingId) : undefined), [units.rows, movingId]);
  const parentId = Form.useWatch<string | null | undefined>('parentId');
  const parentKind = units.rows.find((u) => u.id === parentId)?.kind;
  const rules = useOrgUnitKindRules().data?.data ?? [];
  const kinds = rules.filter((r) => (parentKind ? r.parents.includes(parentKind) : r.parents.length === 0)).map((r) => r.kind);
  return (
    <>
      <Form.Item name="name" label={t('orgUnits.name')} rules={[requiredRule(t)]}>
        <Input />
      </Form.Item>
      <Form.Item name="kind" label={t('orgUnits.kind')} rules={[requiredRule(t)]}>
        <Select options={kinds.map((k) => ({ value: k, label: t(`orgUnits.kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="code" label={t('orgUnits.code')} extra={t('orgUnits.codeHelp')}>
        <Input />
      </Form.Item>
      <Form.Item name="parentId" label={t('orgUnits.parent')}>
        <OrgUnitSelect disabledIds={blocked} placeholder={t('orgUnits.noParent')} />
      </Form.Item>
      <Form.Item name="managerId" label={t('orgUnits.manager')}>
        <UserSelect />
      </Form.Item>
    </>
  );
}

const toBody = (v: UnitFormValues) => ({
  name: v.name.trim(),
  kind: v.kind,
  code: blankToNull(v.code),
  parentId: v.parentId ?? null,
  managerId: v.managerId ?? null,
});

/** The selected unit: change it in place, move it by picking a new parent, add below it, or delete it. */
function UnitDetail({ unit, onAdd, onDeleted }: { unit: OrgUnit; onAdd: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UnitFormValues>();
  const { submit, busy } = useFormSubmit(
    form,
    async (values: UnitFormValues) => {
      await api.patch(`/v1/org-units/${unit.id}`, toBody(values), unit.version);
      await queryClient.invalidateQueries({ queryKey: ['org-units'] });
    },
    { success: t('common.saved') },
  );

  const { run } = useAction();
  const remove = () =>
    run(
      unit.id,
      async () => {
        await api.delete(`/v1/org-units/${unit.id}`, unit.version);
        onDeleted();
        await queryClient.invalidateQueries({ queryKey: ['org-units'] });
      },
      t('orgUnits.deleted'),
    );

  return (
    <Card
      title={unit.name}
      extra={<Tag>{t(`orgUnits.kinds.${unit.kind}`)}</Tag>}
      actions={[
        <Button key="add" type="link" icon={<PlusOutlined />} onClick={onAdd}>
          {t('orgUnits.addChild')}
        </Button>,
        <ConfirmLinkButton
          key="delete"
          title={t('orgUnits.confirmDelete', { name: unit.name })}
          label={t('common.delete')}
          icon={<DeleteOutlined />}
          small={false}
          onConfirm={() => void remove()}
        />,
      ]}
    >
      <Form<UnitFormValues> form={form} layout="vertical" initialValues={unit} onFinish={submit}>
        <UnitFields movingId={unit.id} />
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

export function OrgUnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useOrgUnits();
  const [selectedId, setSelectedId] = useState<string>();
  // Units show expanded unless folded by hand, so a unit just added is in view under its parent.
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState<{ parentId: string | null; kind: OrgUnitKind }>();
  const selected = units.rows.find((u) => u.id === selectedId);
  // New units go under the selected one, or else under the company at the top.
  const parentForNew = selected ?? units.rows.find((u) => u.kind === 'company');

  const treeData = useMemo(() => {
    const toNode = (node: OrgTreeNode): TreeDataNode => ({
      key: node.unit.id,
      title: (
        <Space size={4}>
          {node.unit.name}
          <Tag style={{ marginInlineEnd: 0 }}>{t(`orgUnits.kinds.${node.unit.kind}`)}</Tag>
        </Space>
      ),
      children: node.children.map(toNode),
    });
    return buildOrgTree(units.rows).map(toNode);
  }, [units.rows, t]);

  const startAdding = (parent: OrgUnit | undefined) =>
    setAdding({ parentId: parent?.id ?? null, kind: parent ? CHILD_KIND[parent.kind] : 'company' });

  return (
    <AdminPage
      title={t('settings.pages.org-units')}
      description={t('orgUnits.intro')}
      actions={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => startAdding(parentForNew)} data-testid="org-unit-new">
          {parentForNew ? t('orgUnits.addUnder', { name: parentForNew.name }) : t('orgUnits.add')}
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card size="small">
            {units.isPending ? (
              <Skeleton active />
            ) : treeData.length === 0 ? (
              <Empty description={t('orgUnits.empty')} />
            ) : (
              <Tree
                treeData={treeData}
                expandedKeys={units.rows.map((u) => u.id).filter((id) => !folded.has(id))}
                onExpand={(_keys, { expanded, node }) => {
                  const next = new Set(folded);
                  if (expanded) next.delete(String(node.key));
                  else next.add(String(node.key));
                  setFolded(next);
                }}
                blockNode
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId(keys[0] === undefined ? undefined : String(keys[0]))}
                data-testid="org-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          {selected ? (
            <UnitDetail
              key={`${selected.id}:${selected.version}`}
              unit={selected}
              onAdd={() => startAdding(selected)}
              onDeleted={() => setSelectedId(undefined)}
            />
          ) : (
            <Flex justify="center" style={{ padding: 24 }}>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgUnits.selectHint')} />
            </Flex>
          )}
        </Col>
      </Row>

      <FormModal<UnitFormValues>
        open={adding !== undefined}
        title={t('orgUnits.add')}
        okText={t('common.create')}
        initialValues={adding}
        onClose={() => setAdding(undefined)}
        onSubmit={async (values) => {
          const body = toBody(values);
          // parentId is always sent: null is how a new top-level unit is asked for.
          const created = await api.post<OrgUnit>('/v1/org-units', { ...dropNulls(body), parentId: body.parentId });
          void message.success(t('orgUnits.created'));
          await queryClient.invalidateQueries({ queryKey: ['org-units'] });
          setSelectedId(created.id);
        }}
      >
        <UnitFields />
      </FormModal>
    </AdminPage>
  );
}
