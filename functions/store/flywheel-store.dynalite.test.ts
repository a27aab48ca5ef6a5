import { startDynalite } from '../../test/support/dynamodb-engines';
import { describeStoreSuite } from './store-suite';

describeStoreSuite('dynalite', startDynalite);
