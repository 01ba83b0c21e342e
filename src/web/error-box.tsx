import { ApiError } from './api.ts';

/** A failed request, with the server's error code and its message (which says what to do). */
export function ErrorBox({ error }: { error: ApiError | Error }) {
  return (
    <div class="error-box" role="alert">
      <strong>{error instanceof ApiError ? error.code : 'Error'}</strong> {error.message}
    </div>
  );
}
