import { loadEncryptionKey } from '../crypto/encryptionKey.js';
import { createSecretBox, type SecretBox } from '../crypto/secretBox.js';
import type { AppDeps } from './appDeps.js';

const boxes = new WeakMap<AppDeps, Promise<SecretBox>>();

/**
 * The app's secret box (XTIGER_ENCRYPTION_KEY or the key file), loaded once per app on first use; a failed load is
 * forgotten so the next request tries again (and says why).
 */
export function secretBoxFor(deps: AppDeps): Promise<SecretBox> {
  let box = boxes.get(deps);
  if (!box) {
    box = loadEncryptionKey(deps.config).then(({ key }) => createSecretBox(key));
    box.catch(() => boxes.delete(deps));
    boxes.set(deps, box);
  }
  return box;
}
