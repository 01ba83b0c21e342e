import { ApiError } from './api.ts';

/** A failed request, with the server's error code and its message (which says what to do; advice
 * for API callers, "List sessions with GET /api/sessions", is left out: the page has its links). */
export function ErrorBox({ error }: { error: ApiError | Error }) {
  const message = error.message.replace(/\s*[^.]*\b(?:GET|POST) \/api\/[^.]*\./g, '');
  return (
    <div class="error-box" role="alert">
      <strong>{error instanceof ApiError ? error.code : 'Error'}</strong> {message}
    </div>
  );
}
