// Recent workspaces are the engine's (engine/api/appState.ts): one file shared by the desktop app and
// browser mode, ~/.config/engage-workbench/recent.json (or $ENGAGE_RECENT_FILE).
import { AppState } from '../engine/api/appState.ts';

/** The recent workspaces the File › Open Recent menu lists, newest first. */
export function recentWorkspaces(): string[] {
  return AppState.persistent().recent();
}
