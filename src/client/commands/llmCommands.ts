/**
 * The optional LLM diagnosis on the client side: the API key in SecretStorage,
 * handed to the server per request; the LLM's late answers shown with feedback.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiagnosisRefinedNotification, FeedbackRequest, GetLlmKeyRequest } from '../../shared/protocol';
import type { Ctx } from '../ctx';
import type { Cmd } from './dispatch';

const KEY = 'dbpulse.llm.apiKey';

export function wireLlm(client: LanguageClient, secrets: vscode.SecretStorage): void {
  client.onRequest(GetLlmKeyRequest.type, async () => (await secrets.get(KEY)) ?? null);
  client.onNotification(DiagnosisRefinedNotification.type, async ({ connectionId, diagnosis }) => {
    const answer = await vscode.window.showInformationMessage(
      `DB Pulse (LLM, unconfirmed): ${diagnosis.category}: ${diagnosis.rootCause}${diagnosis.fixes[0] ? ` Try: ${diagnosis.fixes[0].title}` : ''}`,
      'Helpful',
      'Not helpful',
    );
    if (!answer) return;
    // A thumbs-up turns the answer into a learned pattern: the same error needs no LLM next time.
    await client.sendRequest(FeedbackRequest.type, {
      type: 'error_analysis',
      helpful: answer === 'Helpful',
      patternId: diagnosis.patternId,
      category: diagnosis.category,
      ...(connectionId ? { connectionId } : {}),
    });
  });
}

export function setLlmApiKey(ctx: Ctx): Cmd {
  return async (value?: string) => {
    const key =
      value ??
      (await vscode.window.showInputBox({
        title: 'DB Pulse: LLM API key',
        prompt: 'Kept in VS Code Secret Storage. Leave empty to remove it. Local servers (Ollama, LM Studio) need none.',
        password: true,
        ignoreFocusOut: true,
      }));
    if (key === undefined) return;
    if (key) await ctx.secretStorage.store(KEY, key);
    else await ctx.secretStorage.delete(KEY);
    const enabled = vscode.workspace.getConfiguration('dbpulse.llm').get<boolean>('enabled', false);
    if (!enabled) {
      const on = await vscode.window.showInformationMessage(
        'DB Pulse sends only redacted errors (no password, key, token, user or host name) to the LLM, and only for errors its knowledge base does not know. Turn it on?',
        'Enable',
      );
      if (on) await vscode.workspace.getConfiguration('dbpulse.llm').update('enabled', true, vscode.ConfigurationTarget.Global);
    }
  };
}
