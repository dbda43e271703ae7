using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP (https://www.jsonrpc.org/specification). Transport failures are retried with exponential
/// backoff and jitter; an error object from the node is final and surfaces at once as <see cref="RpcException"/>.
/// Nothing is logged: parameters can be signed transactions or worse, and endpoints can embed API keys.
/// </summary>
public sealed class JsonRpcClient
{
    // A duplicated "result" or "id" would make the answer ambiguous; refuse rather than pick one.
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient _http;
    private long _nextId;

    /// <param name="http">Shared HttpClient (e.g. from IHttpClientFactory). Its own <see cref="HttpClient.Timeout"/>
    /// should not be shorter than <see cref="JsonRpcClientOptions.RequestTimeout"/>; if it fires it counts as a timeout too.</param>
    public JsonRpcClient(HttpClient http, JsonRpcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        Options = options;
    }

    public JsonRpcClientOptions Options { get; }

    /// <summary>Calls <paramref name="method"/> and deserialises its result (JsonElement gives it raw).</summary>
    /// <exception cref="RpcException">the node answered with an error object.</exception>
    /// <exception cref="RpcTransportException">no usable answer after all attempts.</exception>
    /// <exception cref="RpcResponseFormatException">the answer breaks JSON-RPC or does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<T?> SendAsync<T>(string method, object?[]? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        var id = Interlocked.Increment(ref _nextId);
        var body = RequestWriter.Single(id, method, parameters ?? []);
        using var doc = await ExchangeAsync(body, method, cancellationToken).ConfigureAwait(false);
        var response = ResponseReader.Read(doc.RootElement, method, "response");
        if (response.Error is { } error && (response.Id is null || response.Id == id))
        {
            throw new RpcException(method, error);
        }

        if (response.Id != id)
        {
            throw new RpcResponseFormatException(method, $"response id {response.Id?.ToString() ?? "null"} does not match request id {id}");
        }

        return RpcJson.Deserialize<T>(response.Result, method);
    }

    /// <summary>
    /// Sends several calls in one HTTP request. Answers are matched by id and returned in request order, each with
    /// its own result or error; a missing, duplicated or unknown id fails the whole batch.
    /// </summary>
    public async Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfZero(requests.Count, nameof(requests));
        var ids = new long[requests.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(requests[i].Method, nameof(requests));
            ids[i] = Interlocked.Increment(ref _nextId);
        }

        var label = "batch(" + string.Join(',', requests.Take(4).Select(r => r.Method)) + (requests.Count > 4 ? ",…)" : ")");
        var body = RequestWriter.Batch(ids, requests);
        using var doc = await ExchangeAsync(body, label, cancellationToken).ConfigureAwait(false);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            // A node that rejects the batch as a whole answers with one error object (JSON-RPC 2.0 section 6).
            var whole = ResponseReader.Read(root, label, "response");
            throw whole.Error is { } e && whole.Id is null
                ? new RpcException(label, e)
                : new RpcResponseFormatException(label, "a batch must be answered with an array");
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new RpcResponseFormatException(label, $"a batch must be answered with an array, got {RpcJson.Describe(root)}");
        }

        var index = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            index[ids[i]] = i;
        }

        var responses = new RpcResponse?[ids.Length];
        var n = 0;
        foreach (var item in root.EnumerateArray())
        {
            var r = ResponseReader.Read(item, label, $"response[{n++}]");
            if (r.Id is not { } id || !index.TryGetValue(id, out var i))
            {
                throw new RpcResponseFormatException(label, $"response id {r.Id?.ToString() ?? "null"} matches no request of the batch");
            }

            if (responses[i] is not null)
            {
                throw new RpcResponseFormatException(label, $"response id {id} appears twice");
            }

            responses[i] = new RpcResponse(requests[i].Method, r.Result, r.Error);
        }

        for (var i = 0; i < responses.Length; i++)
        {
            if (responses[i] is null)
            {
                throw new RpcResponseFormatException(label, $"no response for request {i} ({requests[i].Method}, id {ids[i]})");
            }
        }

        return responses!;
    }

    private async Task<JsonDocument> ExchangeAsync(byte[] body, string label, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            TransientFailure failure;
            try
            {
                return await AttemptAsync(body, label, attempt, ct).ConfigureAwait(false);
            }
            catch (TransientFailure f)
            {
                failure = f;
            }

            if (attempt > Options.MaxRetries)
            {
                throw new RpcTransportException(label, Options.Endpoint, attempt, failure.StatusCode, failure.Message, failure.InnerException);
            }

            await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
        }
    }

    private async Task<JsonDocument> AttemptAsync(byte[] body, string label, int attempt, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Options.Endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = JsonContentType;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var bytes = await ReadBoundedAsync(response.Content, label, timeout.Token).ConfigureAwait(false);
            var status = response.StatusCode;
            if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                throw new TransientFailure(status, $"HTTP {(int)status} {response.ReasonPhrase}", null);
            }

            var doc = TryParse(bytes, label, out var parseError);
            if (response.IsSuccessStatusCode)
            {
                return doc ?? throw new TransientFailure(status, "the body is not complete JSON (truncated or not a JSON-RPC answer)", parseError);
            }

            // Some nodes send their JSON-RPC error object with a 4xx/5xx status; the node's answer wins.
            if (doc is not null && (doc.RootElement.ValueKind == JsonValueKind.Array || (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out _))))
            {
                return doc;
            }

            doc?.Dispose();
            throw new RpcTransportException(label, Options.Endpoint, attempt, status, $"HTTP {(int)status} {response.ReasonPhrase}", null);
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested && e.CancellationToken != ct)
        {
            // HttpClient reports our linked token; the caller should see its own.
            throw new OperationCanceledException("the caller cancelled the request", e, ct);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // Our own deadline (or HttpClient.Timeout) fired, not the caller's token: a transport failure.
            throw new TransientFailure(null, $"no answer within {Options.RequestTimeout.TotalSeconds:0.###} s", new TimeoutException("request timed out", e));
        }
        catch (HttpRequestException e)
        {
            throw new TransientFailure(e.StatusCode, e.Message, e);
        }
        catch (IOException e)
        {
            throw new TransientFailure(null, e.Message, e);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent content, string label, CancellationToken ct)
    {
        var max = Options.MaxResponseBytes;
        if (content.Headers.ContentLength is { } declared && declared > max)
        {
            throw new RpcResponseFormatException(label, $"response of {declared} bytes exceeds the {max}-byte limit");
        }

        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int n;
                while ((n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + n > max)
                    {
                        throw new RpcResponseFormatException(label, $"response exceeds the {max}-byte limit");
                    }

                    buffer.Write(chunk, 0, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
    }

    /// <summary>The parsed body, or null when it is not JSON (a cut-off or foreign body: worth retrying).</summary>
    private static JsonDocument? TryParse(ReadOnlyMemory<byte> bytes, string label, out JsonException? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = e;
        }

        try
        {
            // Valid JSON once duplicates are allowed: a complete but ambiguous answer, which a retry will not fix.
            JsonDocument.Parse(bytes).Dispose();
        }
        catch (JsonException)
        {
            return null;
        }

        throw new RpcResponseFormatException(label, error.Message, error);
    }

    /// <summary>Exponential backoff with "equal jitter": half the step is fixed, half random, so clients that failed
    /// together spread out but none retries immediately.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var step = Math.Min(Options.MaxBackoff.Ticks, Options.InitialBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromTicks((long)((step / 2) + (Random.Shared.NextDouble() * step / 2)));
    }

    /// <summary>A failure worth another attempt; becomes <see cref="RpcTransportException"/> when attempts run out.</summary>
    private sealed class TransientFailure(HttpStatusCode? statusCode, string message, Exception? inner) : Exception(message, inner)
    {
        public HttpStatusCode? StatusCode { get; } = statusCode;
    }
}
