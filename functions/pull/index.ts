export type { CredentialProblem, JoinCounts, PublishedPost, PullConnector, PullOutcome, PullRequest } from './pull-connector';
export { HttpJsonPullConnector } from './http-json';
export { MastodonPullConnector, snapshotTime } from './mastodon';
export { WeChatPullConnector, lastAnsweredDay } from './wechat-oa';
export { prepareSource, type PreparedSource } from './prepare-source';
export { pullSource, type PullContext, type SourceResult } from './pull-source';
export { PullRunner, type CredentialFailedEvent, type PullRunnerOptions } from './pull-runner';
