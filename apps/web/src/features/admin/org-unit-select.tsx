import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildOrgTree, type OrgTreeNode, useOrgUnits } from './admin-queries';

type TreeOption = { value: string; title: string; disabled: boolean; children: TreeOption[] };

type OrgUnitSelectProps = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  /** Units that may not be picked, e.g. a unit itself and its descendants when moving it. */
  disabledIds?: Set<string>;
  allowClear?: boolean;
};

export function OrgUnitSelect({ value, onChange, placeholder, disabledIds, allowClear = true }: OrgUnitSelectProps) {
  const { t } = useTranslation();
  const units = useOrgUnits();
  const treeData = useMemo(() => {
    const toOption = (node: OrgTreeNode): TreeOption => ({
      value: node.unit.id,
      title: `${node.unit.name} · ${t(`orgUnits.kinds.${node.unit.kind}`)}`,
      disabled: disabledIds?.has(node.unit.id) ?? false,
      children: node.children.map(toOption),
    });
    return buildOrgTree(units.rows).map(toOption);
  }, [units.rows, disabledIds, t]);

  return (
    <TreeSelect
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      treeData={treeData}
      treeDefaultExpandAll
      allowClear={allowClear}
      loading={units.isPending}
      placeholder={placeholder ?? t('orgUnits.pick')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%' }}
    />
  );
}
