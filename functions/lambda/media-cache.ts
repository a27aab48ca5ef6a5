import type { Logger } from '@aws-lambda-powertools/logger';
import type { MediaIdCache } from '../connectors/index';
import type { FlywheelStore } from '../store/index';

/**
 * The publish function's memory of uploaded files (WeChat covers): the table, so a cold start
 * does not upload a cover again, with the warm function's own map in front. A table that cannot
 * be read or written only costs a second upload (one more image in the library), never a post,
 * so its errors are logged and not thrown: connectors never throw.
 */
export function mediaIdsInStore(store: Pick<FlywheelStore, 'getMediaId' | 'putMediaId'>, logger: Pick<Logger, 'warn'>): MediaIdCache {
  const memory = new Map<string, string>();
  return {
    async get(key) {
      const known = memory.get(key);
      if (known !== undefined) return known;
      try {
        const stored = await store.getMediaId(key);
        if (stored !== undefined) memory.set(key, stored);
        return stored;
      } catch (error) {
        logger.warn('Could not read an uploaded media id; the file is uploaded again', { key, error: error as Error });
        return undefined;
      }
    },
    async set(key, mediaId) {
      memory.set(key, mediaId);
      try {
        await store.putMediaId(key, mediaId);
      } catch (error) {
        logger.warn('Could not remember an uploaded media id; a cold start may upload the file again', { key, error: error as Error });
      }
    },
  };
}
