import { ResponseError } from '@backstage/errors';

/** A ResponseError as the API client throws it for an HTTP error status. */
export async function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse({
    ok: false,
    redirected: false,
    type: 'basic',
    status,
    statusText: name,
    url: 'http://backstage.test/api/eks-privatelink',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () =>
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/inventory' },
        response: { statusCode: status },
      }),
  });
}
