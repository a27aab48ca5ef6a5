export {
  BUNDLE_FORMAT, BundleError, DeploymentBundleSchema, buildDeploymentBundle, loadDeploymentBundle, openDeploymentBundle, writeDeploymentBundle,
  type DeploymentBundle, type LoadedBundle,
} from './deployment-bundle';
export { nextDue } from './next-due';
export { CATCH_UP_MS, reconcilePlan, type ReconcileOptions, type ReconcileResult } from './reconcile-plan';
