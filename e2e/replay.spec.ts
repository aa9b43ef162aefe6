import { checkpoint, pendingStepOf, test } from './fixtures';
import { expect, FLOW_TIMEOUT, uid } from './lead-helpers';
import { ReplayPage } from './pages';

test.describe.configure({ timeout: FLOW_TIMEOUT });

test('replay a finished HITL run step by step and at 2×, with a presenter note', async ({
  page,
  request,
  catalogue,
  conversation,
  replay,
  signedInAs,
}, testInfo) => {
  const id = await catalogue.runFor({ id: uid('replay'), name: 'Rita Replay' }, 'Account deletion', {
    message: 'Please delete my account',
  });
  const step = await pendingStepOf(request, id);
  const answer = await request.post(`/api/hitl-steps/${step.step_id}/submit`, {
    data: {
      attribute_values: step.attributes.map((a) => ({
        identifier: a.identifier,
        value: a.data_type === 'boolean' ? true : 'Passport checked on a video call',
      })),
    },
  });
  expect(answer.ok(), await answer.text()).toBe(true);
  await conversation.expectStatus('Complete');

  await page.getByRole('link', { name: 'Replay' }).click();
  await expect(page).toHaveURL(new RegExp(`/conversations/${id}/replay$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Account deletion' })).toBeVisible();
  await replay.expectAt(1);
  await expect(replay.currentStep()).toContainText('Please delete my account');
  await expect(replay.steps()).toHaveCount(1);
  await checkpoint(page, testInfo, 'replay-start');

  // Step by step with the keys: → forward to the decision, ← back, → again.
  const decision = await replay.nextToDecision();
  expect(decision).toBeGreaterThan(1);
  const form = replay.decisionForm();
  const verified = form.getByRole('radiogroup', { name: 'Identity verified' });
  await expect(verified.getByRole('radio', { name: 'Yes' })).toBeChecked();
  await expect(verified.getByRole('radio', { name: 'Yes' })).toBeDisabled();
  await expect(form.getByRole('textbox', { name: 'How was it verified?' })).toHaveValue(
    'Passport checked on a video call',
  );
  await expect(replay.currentStep()).toContainText('Answered by Dana Lead');
  await page.keyboard.press('ArrowLeft');
  await replay.expectAt(decision - 1);
  await expect(replay.decisionForm()).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await replay.expectAt(decision);
  await expect(replay.decisionForm()).toBeVisible();

  await replay.writeNote(decision, 'Here a teammate checks the ID before anything is deleted.');
  await expect(replay.currentStep().getByRole('complementary', { name: 'Presenter note' })).toContainText(
    'checks the ID',
  );
  await checkpoint(page, testInfo, 'replay-decision-note');

  // Play from the decision at 2×: nothing else pauses this run, so it plays to its end.
  await replay.setSpeed(2);
  await replay.controls().getByRole('button', { name: 'Play' }).click();
  const total = Number(await replay.scrubber().getAttribute('max')) + 1;
  await replay.expectAt(total, total);
  await expect(replay.controls().getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(replay.steps()).toHaveCount(total);
  await expect(replay.notes()).toHaveCount(1);
  await checkpoint(page, testInfo, 'replay-end');

  // A viewer reads the note but gets no editor.
  const viewer = await signedInAs('viewer');
  const viewerReplay = new ReplayPage(viewer.page);
  await viewerReplay.open(id);
  await viewerReplay.nextToDecision();
  await expect(viewerReplay.notes()).toContainText('checks the ID');
  await expect(viewer.page.getByRole('textbox', { name: /^Note for step/ })).toHaveCount(0);

  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(new RegExp(`/conversations/${id}$`));
  await conversation.expectStatus('Complete');
});
