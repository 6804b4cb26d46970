import { Component, type ReactNode } from 'react';
import { ErrorNotice } from '../../components/Notice';

/**
 * Keeps a failing panel from taking the whole page down: React unmounts the tree on an uncaught
 * render error, which shows as a blank page. The panel shows its error instead; the rest stays.
 */
export class PanelBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error(`${this.props.name} panel failed`, error);
  }

  override render() {
    if (this.state.error) {
      return <ErrorNotice message={`The ${this.props.name} panel failed: ${this.state.error.message}`} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
