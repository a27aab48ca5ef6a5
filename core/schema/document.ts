import * as z from 'zod';
import { CampaignSpecSchema } from './campaign';
import { CheckSpecSchema } from './check';
import { describe } from './describe';
import { GoalSpecSchema } from './goal';
import { SopSpecSchema } from './sop';
import { idSchema, labelsSchema } from './values';
import { WorkspaceSpecSchema } from './workspace';

import { API_VERSION, KINDS, type Kind } from './kinds';

export const MetadataSchema = describe(
  z.strictObject({
    name: describe(idSchema, 'The id of this document, unique per kind.', '本文档的 ID, 同类中唯一。'),
    title: describe(z.string().optional(), 'Display title, any language.', '显示标题, 任意语言。'),
    labels: labelsSchema.optional(),
    description: describe(z.string().optional(), 'Free description.', '说明。'),
  }),
  'Name and labels of this document.',
  '本文档的名称和标签。',
);

const apiVersionSchema = describe(z.literal(API_VERSION), 'Always flywheel/v1.', '固定为 flywheel/v1。');

/** The spec schema of each kind, used to validate a document once its kind is known. */
export const SPEC_SCHEMAS = {
  Workspace: WorkspaceSpecSchema,
  Campaign: CampaignSpecSchema,
  SOP: SopSpecSchema,
  Goal: GoalSpecSchema,
  Check: CheckSpecSchema,
} as const;

const SPEC_DESCRIPTIONS: Record<Kind, [string, string]> = {
  Workspace: ['The workspace: time zone, channels, notify targets, people, metrics, compliance.', '工作区: 时区、渠道、通知目标、人员、指标、合规设置。'],
  Campaign: ['A campaign: a content calendar of scheduled posts with A/B variants and KPI targets.', '营销活动: 含 A/B 版本和指标目标的内容日历。'],
  SOP: ['A standard operating procedure: ordered steps on a schedule or in response to an event.', '标准作业流程: 按计划或响应事件执行的有序步骤。'],
  Goal: ['A phase goal with key results tracked against their expected path.', '阶段目标: 按预期路径跟踪的关键结果。'],
  Check: ['A KPI check evaluated on a schedule over metric points.', 'KPI 检查: 按计划对指标数据进行评估。'],
};

function documentSchemaOf<K extends Kind, S extends z.ZodType>(kind: K, specSchema: S) {
  const [en, zh] = SPEC_DESCRIPTIONS[kind];
  return describe(
    z.strictObject({
      apiVersion: apiVersionSchema,
      kind: z.literal(kind),
      metadata: MetadataSchema,
      spec: describe(specSchema, en, zh),
    }),
    en,
    zh,
  );
}

export const WorkspaceDocumentSchema = documentSchemaOf('Workspace', WorkspaceSpecSchema);
export const CampaignDocumentSchema = documentSchemaOf('Campaign', CampaignSpecSchema);
export const SopDocumentSchema = documentSchemaOf('SOP', SopSpecSchema);
export const GoalDocumentSchema = documentSchemaOf('Goal', GoalSpecSchema);
export const CheckDocumentSchema = documentSchemaOf('Check', CheckSpecSchema);

/** Any playbook document, discriminated by `kind`: the root of the generated JSON Schema. */
export const PlaybookDocumentSchema = describe(
  z.discriminatedUnion('kind', [
    WorkspaceDocumentSchema, CampaignDocumentSchema, SopDocumentSchema, GoalDocumentSchema, CheckDocumentSchema,
  ]),
  'A Flywheel playbook document (apiVersion flywheel/v1).',
  'Flywheel 剧本文档 (apiVersion flywheel/v1)。',
);

export type Metadata = z.infer<typeof MetadataSchema>;
export type WorkspaceDocument = z.infer<typeof WorkspaceDocumentSchema>;
export type CampaignDocument = z.infer<typeof CampaignDocumentSchema>;
export type SopDocument = z.infer<typeof SopDocumentSchema>;
export type GoalDocument = z.infer<typeof GoalDocumentSchema>;
export type CheckDocument = z.infer<typeof CheckDocumentSchema>;
export type PlaybookDocument = z.infer<typeof PlaybookDocumentSchema>;

/** Generates the JSON Schema of playbook documents (input side: what users write). */
export function generateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PlaybookDocumentSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://flywheel.dev/schema/flywheel-v1.json',
    title: 'Flywheel playbook (flywheel/v1)',
    ...schema,
  };
}
