import { describe, it } from 'vitest';
import { isDynamoDbLocalSkipped, SKIP_DYNAMODB_LOCAL_VARIABLE, startDynamoDbLocal } from '../support/dynamodb-engines';
import { describeStoreSuite } from './store-suite';

if (isDynamoDbLocalSkipped()) {
  describe.skip(`FlywheelStore on DynamoDB Local (skipped: ${SKIP_DYNAMODB_LOCAL_VARIABLE}=1)`, () => {
    it('runs the shared store suite against DynamoDB Local', () => undefined);
  });
} else {
  describeStoreSuite('DynamoDB Local', startDynamoDbLocal);
}
