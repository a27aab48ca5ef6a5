import { localize, type Lang } from '../diagnostics';
import { buildMetricCatalogue, lookupMetric, type MetricCatalogue } from '../evaluate/metric-catalogue';
import type { PlaybookEntry, WorkspaceModel } from '../load/index';
import type { MetricUnit } from '../metrics/index';
import type { CampaignKpi } from '../schema/index';
import { formatCondition } from './metric-value';

/**
 * How people know the things a workspace names: by title where the object has one (a post's
 * title, a campaign's or goal's metadata.title, a channel's title), by id otherwise. Messages,
 * the timeline and alerts name things through this, never by bare id when a title exists.
 */
export interface NameBook {
  readonly lang: Lang;
  campaign(campaign: string): string;
  post(campaign: string, post: string): string;
  variant(campaign: string, post: string, variant: string): string;
  channel(channel: string): string;
  goal(goal: string): string;
  keyResult(goal: string, keyResult: string): string;
  sop(sop: string): string;
  /** A Check document's title, or a campaign KPI's (`<campaign>/kpi-<metric>`): campaign, metric and target. */
  check(check: string): string;
  /** A metric's title in the book's language. */
  metric(metric: string): string;
  unit(metric: string): MetricUnit;
  /** The metric of a check or KPI (to format its values), undefined for an unknown name. */
  checkMetric(check: string): string | undefined;
  /** The unit a key result's values are in: its metric's, or a count of posts for `per: post`. */
  keyResultUnit(goal: string, keyResult: string): MetricUnit;
}

/** The checks a campaign's KPIs become, named `<campaign>/kpi-<metric>` (`-2`, `-3`… for a metric's later KPIs). */
export function listKpiChecks(entry: PlaybookEntry<'Campaign'>): { readonly name: string; readonly kpi: CampaignKpi }[] {
  const seen = new Map<string, number>();
  return (entry.value.spec.kpis ?? []).map((kpi) => {
    const count = (seen.get(kpi.metric) ?? 0) + 1;
    seen.set(kpi.metric, count);
    return { name: `${entry.name}/kpi-${kpi.metric}${count === 1 ? '' : `-${count}`}`, kpi };
  });
}

/** A NameBook over a workspace model in a language; a name it cannot find shows as its id. */
export function createNameBook(model: Pick<WorkspaceModel, 'workspaces' | 'campaigns' | 'goals' | 'sops' | 'checks'>, lang: Lang): NameBook {
  const workspace = model.workspaces[0]?.value.spec;
  let catalogue: MetricCatalogue | undefined;
  const metricInfo = (metric: string) => lookupMetric(catalogue ??= buildMetricCatalogue(workspace?.metrics), metric);
  const campaignOf = (campaign: string) => model.campaigns.find((entry) => entry.name === campaign);
  const postOf = (campaign: string, post: string) => campaignOf(campaign)?.value.spec.posts?.find((candidate) => candidate.id === post);
  const goalOf = (goal: string) => model.goals.find((entry) => entry.name === goal);
  const kpiOf = (check: string) => {
    const entry = model.campaigns.find((candidate) => check.startsWith(`${candidate.name}/kpi-`));
    const found = entry ? listKpiChecks(entry).find((candidate) => candidate.name === check) : undefined;
    return entry && found ? { entry, kpi: found.kpi } : undefined;
  };
  const book: NameBook = {
    lang,
    campaign: (campaign) => campaignOf(campaign)?.value.metadata.title ?? campaign,
    post: (campaign, post) => postOf(campaign, post)?.title ?? post,
    // A variant that changes only the cover keeps the post's title.
    variant: (campaign, post, variant) => postOf(campaign, post)?.variants?.find((candidate) => candidate.id === variant)?.title ?? postOf(campaign, post)?.title ?? variant,
    channel: (channel) => workspace?.channels?.find((candidate) => candidate.id === channel)?.title ?? channel,
    goal: (goal) => goalOf(goal)?.value.metadata.title ?? goal,
    keyResult: (goal, keyResult) => goalOf(goal)?.value.spec.keyResults.find((candidate) => candidate.id === keyResult)?.title ?? keyResult,
    sop: (sop) => model.sops.find((entry) => entry.name === sop)?.value.metadata.title ?? sop,
    check: (check) => {
      const document = model.checks.find((entry) => entry.name === check);
      if (document) return document.value.metadata.title ?? check;
      const found = kpiOf(check);
      if (!found) return check;
      const { entry, kpi } = found;
      return `${book.campaign(entry.name)} ${book.metric(kpi.metric)} ${formatCondition(kpi.target, book.unit(kpi.metric), { lang })}`;
    },
    // Built-in titles explain their formula in brackets (互动率 (互动量 / 阅读播放量)); a message needs only the name.
    metric: (metric) => localize(metricInfo(metric).title, lang).replace(/\s*[(（][^()（）]*[)）]\s*$/, ''),
    unit: (metric) => metricInfo(metric).unit,
    keyResultUnit: (goal, keyResult) => {
      const found = goalOf(goal)?.value.spec.keyResults.find((candidate) => candidate.id === keyResult);
      return found && found.per === undefined ? book.unit(found.metric) : 'count';
    },
    checkMetric: (check) => model.checks.find((entry) => entry.name === check)?.value.spec.metric ?? kpiOf(check)?.kpi.metric,
  };
  return book;
}
