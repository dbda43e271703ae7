namespace EcoValue.Api.Features.Home;

/// <summary>GET /: a small bilingual index of what this instance serves, so the URL scripts/run prints leads somewhere.</summary>
public static class HomeApi
{
    private const string Page = """
        <!doctype html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>EcoValue 生态产品溯源 · Eco-product traceability</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b2a1b}a{color:#0b5d1e}</style>
        </head>
        <body>
        <h1>EcoValue</h1>
        <p>生态产品品牌认证与区块链溯源：信息可查询、质量可追溯、责任可追查。<br>
        Eco-product brand certification and traceability anchored on an Ethereum-compatible chain.</p>
        <ul>
          <li><a href="/catalogue">/catalogue</a> — 认证生产者与产品名录 · certified producers and products</li>
          <li><a href="/portal">/portal</a> — 农户、认证人员与采购商门户 · portal for farmers, certifiers and buyers</li>
          <li><a href="/healthz">/healthz</a> — 数据库与链状态 · database and chain status</li>
          <li><a href="/docs">/docs</a> — API 参考 · API reference (<a href="/openapi/v1.json">OpenAPI</a>)</li>
        </ul>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapHomeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Content(Page, "text/html; charset=utf-8"))
            .WithName("Home")
            .ExcludeFromDescription()
            .AllowAnonymous();
        return app;
    }
}
