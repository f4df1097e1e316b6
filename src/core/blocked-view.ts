import type { BlockedTab } from './blocked-tab';
import type { BlockedView, PopupView } from './page-messages';
import { pageKindFor } from './page-kinds';
import type { EffectivePolicy } from './policy/resolve';
import { AGE_BANDS, canLessonUnlock, canRequestUnblock, helpLinesFor, supportFirst } from './pupil-view';
import { isSchoolTime } from './school-hours';
import { hasUnlockSecret } from './unlock-code';

/** What a verified blocked tab's page may show now, under the policy in force. */
export function buildBlockedView(tab: BlockedTab, policy: EffectivePolicy, now: number, unlockRetryAfterMs: number): BlockedView {
  const band = AGE_BANDS[policy.keyStage];
  const kind = pageKindFor(tab.reason, policy.keyStage, policy.categoryPageKinds);
  const unlockMethod = hasUnlockSecret(policy) ? 'code' : 'hold';
  const lessonAllowed = canLessonUnlock(tab.reason, policy.keyStage);
  return {
    keyStage: policy.keyStage,
    kind,
    reason: tab.reason,
    host: tab.host,
    adults: policy.adults,
    schoolName: policy.schoolName ?? null,
    atSchool: isSchoolTime(policy.schoolHours, now),
    dark: tab.dark,
    unlockMethod,
    unlocked: tab.unlockedUntil > now,
    unlockRetryAfterMs,
    canGoBack: kind !== 'harmful' && !tab.dark,
    canRequestUnblock: canRequestUnblock(band, tab.reason) && !tab.dark,
    requestSent: tab.requestSent,
    // Without a code anyone can "unlock", so allowing a site needs one; a floor category needs the school.
    lessonUnlock: !lessonAllowed ? (tab.reason.kind === 'category' ? 'school-only' : 'none') : unlockMethod === 'code' ? 'offered' : 'none',
    reportChoice: tab.report === null ? 'none' : tab.report.choice === null ? 'ask' : 'sent',
    helpLines: helpLinesFor(band, kind, tab.reason),
    supportFirst: supportFirst(tab.reason),
  };
}

export function buildPopupView(policy: EffectivePolicy, now: number): PopupView {
  return {
    keyStage: policy.keyStage,
    schoolName: policy.schoolName ?? null,
    adults: policy.adults,
    atSchool: isSchoolTime(policy.schoolHours, now),
  };
}
