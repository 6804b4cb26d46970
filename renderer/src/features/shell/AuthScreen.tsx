/** Shown instead of the app when `cairn serve` can't be used without a (valid) token. */
export function AuthScreen({ reason }: { reason: 'missing' | 'rejected' }) {
  return (
    <main className="auth-screen" data-testid="auth-screen">
      <div className="card">
        <h1>{reason === 'missing' ? 'Access token needed' : 'Access token rejected'}</h1>
        <p>
          {reason === 'missing'
            ? 'This Cairn server only answers pages opened with its access token.'
            : 'The server did not accept the token this page was opened with. It may have been rotated.'}
        </p>
        <p>
          Open the full URL that <code>cairn serve</code> printed when it started (it ends in <code>?token=…</code>), or print it again with:
        </p>
        <pre>cairn token</pre>
      </div>
    </main>
  );
}
