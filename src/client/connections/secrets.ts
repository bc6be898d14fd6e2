import type * as vscode from 'vscode';
import type { ConnectionSecret } from '../../shared/connection';

/** Secrets live only here: VS Code SecretStorage, keyed by connection id. */
export class ConnectionSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  private key(id: string): string {
    return `dbpulse.connection.${id}`;
  }

  async get(id: string): Promise<ConnectionSecret | null> {
    const raw = await this.storage.get(this.key(id));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as ConnectionSecret;
    } catch {
      return null;
    }
  }

  async set(id: string, secret: ConnectionSecret): Promise<void> {
    const clean = Object.fromEntries(Object.entries(secret).filter(([, v]) => typeof v === 'string' && v.length > 0));
    if (Object.keys(clean).length === 0) await this.storage.delete(this.key(id));
    else await this.storage.store(this.key(id), JSON.stringify(clean));
  }

  async delete(id: string): Promise<void> {
    await this.storage.delete(this.key(id));
  }
}
