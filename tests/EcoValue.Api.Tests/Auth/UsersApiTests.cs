using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Data.Accounts;

namespace EcoValue.Api.Tests.Auth;

/// <summary>/api/v1/users for admins: create with validation, list with filters and pages, get, disable/enable, reset.</summary>
public sealed class UsersApiTests
{
    private static readonly Uri NoChain = new("http://127.0.0.1:9");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Create_farmer_thenGet_andSignIn_roundTripTheDisplayName()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        await host.EnsureProducerAsync("0199a1b2-0000-7000-8000-00000000000a", Ct);
        using var created = await admin.PostAsJsonAsync("/api/v1/users", new { username = "李农户_Hainan", password = "椰子树下的好茶园2026", role = "farmer", producerId = "0199a1b2-0000-7000-8000-00000000000a" }, Ct);
        var user = await JsonAsync(created, HttpStatusCode.Created);
        var id = user.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/users/{id}", created.Headers.Location?.ToString());
        Assert.Equal("李农户_Hainan", user.GetProperty("username").GetString());
        Assert.Equal("farmer", user.GetProperty("role").GetString());
        Assert.False(user.GetProperty("disabled").GetBoolean());
        Assert.False(user.TryGetProperty("passwordHash", out _));
        Assert.False(user.TryGetProperty("securityStamp", out _));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);

        using var got = await admin.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative), Ct);
        Assert.Equal("李农户_Hainan", (await JsonAsync(got, HttpStatusCode.OK)).GetProperty("username").GetString());
        await host.Client.SignInAsync("李农户_hainan", "椰子树下的好茶园2026", Ct);
    }

    [Fact]
    public async Task Create_invalidInput_is400WithEveryFieldError()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);

        async Task<string[]> FieldsAsync(object body)
        {
            using var response = await admin.PostAsJsonAsync("/api/v1/users", body, Ct);
            return ProblemAssert.ErrorFields(await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation"));
        }

        Assert.Equal(["password", "role", "username"], await FieldsAsync(new { }));
        Assert.Equal(["password", "role", "username"], await FieldsAsync(new { username = "a b", password = "short", role = "root" }));
        Assert.Equal(["producerId"], await FieldsAsync(new { username = "farmer-x", password = "long enough password", role = "farmer" }));
        Assert.Equal(["producerId"], await FieldsAsync(new { username = "buyer-x", password = "long enough password", role = "buyer", producerId = "p1" }));
        Assert.Equal(["password"], await FieldsAsync(new { username = "SameAsPassword", password = "sameaspassword", role = "buyer" }));
        Assert.Equal(["password"], await FieldsAsync(new { username = "buyer-y", password = new string('x', 129), role = "buyer" }));
        Assert.Equal(["username"], await FieldsAsync(new { username = "zero\u200Bwidth", password = "long enough password", role = "buyer" }));
        Assert.Equal(["username"], await FieldsAsync(new { username = "\ud800lone", password = "long enough password", role = "buyer" }));
        Assert.Equal(["role"], await FieldsAsync(new { username = "buyer-z", password = "long enough password", role = "Admin" }));
    }

    [Fact]
    public async Task Create_takenUsername_differingOnlyInCaseOrWidth_is409()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        using (var first = await admin.PostAsJsonAsync("/api/v1/users", new { username = "Certifier.Wang", password = "long enough password", role = "certifier" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var second = await admin.PostAsJsonAsync("/api/v1/users", new { username = "ＣＥＲＴＩＦＩＥＲ.wang", password = "long enough password", role = "buyer" }, Ct);
        var problem = await ProblemAssert.IsAsync(second, HttpStatusCode.Conflict, "username-taken");
        Assert.Equal(["username"], ProblemAssert.ErrorFields(problem));
    }

    [Fact]
    public async Task List_filtersByRoleDisabledAndText_andPagesStably()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        for (var i = 0; i < 5; i++)
        {
            await host.CreateUserAsync(Roles.Buyer, username: $"buyer-{i:D2}", ct: Ct);
        }

        var (farmer, _) = await host.CreateUserAsync(Roles.Farmer, username: "farmer-00", ct: Ct);
        await admin.PostAsync(new Uri($"/api/v1/users/{farmer.Id}/disable", UriKind.Relative), null, Ct);

        async Task<JsonElement> ListAsync(string query)
        {
            using var response = await admin.GetAsync(new Uri("/api/v1/users" + query, UriKind.Relative), Ct);
            return await JsonAsync(response, HttpStatusCode.OK);
        }

        static string[] Names(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()!)];

        var all = await ListAsync("");
        Assert.Equal(7, all.GetProperty("total").GetInt64());
        Assert.Equal(50, all.GetProperty("pageSize").GetInt32());

        var page1 = await ListAsync("?role=buyer&pageSize=2");
        var page3 = await ListAsync("?role=buyer&pageSize=2&page=3");
        Assert.Equal(5, page1.GetProperty("total").GetInt64());
        Assert.Equal(["buyer-00", "buyer-01"], Names(page1));
        Assert.Equal(["buyer-04"], Names(page3));
        Assert.Equal(["farmer-00"], Names(await ListAsync("?disabled=true")));
        Assert.Equal(["buyer-03"], Names(await ListAsync("?q=R-03")));
        Assert.Empty(Names(await ListAsync("?q=%25")));
        Assert.Empty(Names(await ListAsync("?q=_")));
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?pageSize=201", "pageSize")]
    [InlineData("?pageSize=-1", "pageSize")]
    [InlineData("?role=root", "role")]
    [InlineData("?disabled=yes", "disabled")]
    public async Task List_badQuery_is400WithTheField(string query, string field)
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        using var response = await admin.GetAsync(new Uri("/api/v1/users" + query, UriKind.Relative), Ct);
        Assert.Equal([field], ProblemAssert.ErrorFields(await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation")));
    }

    [Fact]
    public async Task UnknownUser_is404_andAdminCannotDisableItself_andResetPasswordValidates()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        using (var missing = await admin.GetAsync(new Uri("/api/v1/users/0199a1b2-0000-7000-8000-000000000000", UriKind.Relative), Ct))
        {
            await ProblemAssert.IsAsync(missing, HttpStatusCode.NotFound, "user-not-found");
        }

        using (var missingDisable = await admin.PostAsync(new Uri("/api/v1/users/nope/disable", UriKind.Relative), null, Ct))
        {
            await ProblemAssert.IsAsync(missingDisable, HttpStatusCode.NotFound, "user-not-found");
        }

        using (var self = await admin.PostAsync(new Uri($"/api/v1/users/{admin.UserId}/disable", UriKind.Relative), null, Ct))
        {
            await ProblemAssert.IsAsync(self, HttpStatusCode.Conflict, "cannot-disable-self");
        }

        var (buyer, _) = await host.CreateUserAsync(Roles.Buyer, username: "buyer-reset", ct: Ct);
        using (var weak = await admin.PostAsJsonAsync($"/api/v1/users/{buyer.Id}/reset-password", new { password = "buyer-reset" }, Ct))
        {
            Assert.Equal(["password"], ProblemAssert.ErrorFields(await ProblemAssert.IsAsync(weak, HttpStatusCode.BadRequest, "validation")));
        }

        using var missingReset = await admin.PostAsJsonAsync("/api/v1/users/nope/reset-password", new { password = "long enough password" }, Ct);
        await ProblemAssert.IsAsync(missingReset, HttpStatusCode.NotFound, "user-not-found");
    }

    [Fact]
    public async Task EveryUsersRoute_needsAToken_andTheAdminRole()
    {
        await using var host = await ApiHost.StartAsync(NoChain);
        using var farmer = await host.ClientForAsync(Roles.Farmer, ct: Ct);
        (HttpMethod Method, string Path)[] routes =
        [
            (HttpMethod.Get, "/api/v1/users"), (HttpMethod.Get, $"/api/v1/users/{farmer.UserId}"), (HttpMethod.Post, "/api/v1/users"),
            (HttpMethod.Post, $"/api/v1/users/{farmer.UserId}/disable"), (HttpMethod.Post, $"/api/v1/users/{farmer.UserId}/enable"),
            (HttpMethod.Post, $"/api/v1/users/{farmer.UserId}/reset-password"),
        ];
        foreach (var (method, path) in routes)
        {
            using (var anonymous = await host.Client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { }) }, Ct))
            {
                await ProblemAssert.IsAsync(anonymous, HttpStatusCode.Unauthorized, "unauthenticated");
            }

            using var forbidden = await farmer.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { }) }, Ct);
            await ProblemAssert.IsAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
        }
    }
}
