using System.CommandLine;
using System.Text;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Validation;

namespace EcoValue.Cli.Commands;

/// <summary>
/// <c>ecovalue users add|disable|enable|reset-password|list</c>: accounts, straight on the service's database (its
/// SQLite file, or PostgreSQL as <see cref="DatabaseSelection"/> resolves it; the same rules as the admin API, through
/// <see cref="UserAccounts"/>). Passwords never go on the command line, where
/// every user of the machine can read them (ps, /proc) and shells keep them in history: they are typed at a prompt
/// without echo, or piped on standard input with --password-stdin. Exit codes: 0 done, 1 no such user, 2 refused input
/// or database settings, 3 the database cannot be opened.
/// </summary>
internal static class UsersCommand
{
    private const string PasswordHelp = "read the password from standard input (first line) instead of prompting; "
        + "passwords are never accepted as arguments, which other users can see in the process list and shells keep in history";

    public static Command Create() => new("users", "Manage accounts: add, disable, enable, reset-password, list")
    {
        Add(),
        SetDisabled("disable", "Disable an account: sign-in refused, its live tokens and sessions stop working", disabled: true),
        SetDisabled("enable", "Enable a disabled account again", disabled: false),
        ResetPassword(),
        List(),
    };

    private static Command Add()
    {
        var data = CommonOptions.DataDirectory();
        var db = new DatabaseSelection();
        var username = UsernameOption();
        var role = new Option<string>("--role") { Description = "admin, farmer, certifier or buyer", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var producer = new Option<string?>("--producer") { Description = "the producer id a farmer belongs to (required for farmers, refused for other roles)" };
        var stdin = PasswordStdinOption();
        var command = new Command("add", "Create an account (asks for its password)") { data, db.Provider, db.ConnectionString, username, role, producer, stdin };
        command.SetAction((result, ct) => WithAccountsAsync(result, data, db, async accounts =>
        {
            var password = await ReadPasswordAsync(result.GetValue(stdin), ct).ConfigureAwait(false);
            if (password is null)
            {
                return 2;
            }

            try
            {
                var user = await accounts.CreateAsync(new NewUser(result.GetValue(username), password, result.GetValue(role), result.GetValue(producer)), ct).ConfigureAwait(false);
                Console.WriteLine($"created {user.Role} {user.Username} (id {user.Id}{(user.ProducerId is null ? string.Empty : $", producer {user.ProducerId}")})");
                return 0;
            }
            catch (DomainValidationException e)
            {
                return await RefusedAsync(e.Errors).ConfigureAwait(false);
            }
            catch (UsernameTakenException e)
            {
                return await RefusedAsync([e.Error]).ConfigureAwait(false);
            }
        }, ct));
        return command;
    }

    private static Command SetDisabled(string name, string description, bool disabled)
    {
        var data = CommonOptions.DataDirectory();
        var db = new DatabaseSelection();
        var username = UsernameOption();
        var command = new Command(name, description) { data, db.Provider, db.ConnectionString, username };
        command.SetAction((result, ct) => WithAccountsAsync(result, data, db, async accounts =>
        {
            if (await FindAsync(accounts, result.GetValue(username)!, ct).ConfigureAwait(false) is not { } user)
            {
                return 1;
            }

            var changed = disabled ? await accounts.DisableAsync(user.Id, ct).ConfigureAwait(false) : await accounts.EnableAsync(user.Id, ct).ConfigureAwait(false);
            Console.WriteLine($"{(disabled ? "disabled" : "enabled")} {changed!.Username} (id {changed.Id})");
            return 0;
        }, ct));
        return command;
    }

    private static Command ResetPassword()
    {
        var data = CommonOptions.DataDirectory();
        var db = new DatabaseSelection();
        var username = UsernameOption();
        var stdin = PasswordStdinOption();
        var command = new Command("reset-password", "Set a new password (asks for it); the account's sign-ins end and its lockout is cleared") { data, db.Provider, db.ConnectionString, username, stdin };
        command.SetAction((result, ct) => WithAccountsAsync(result, data, db, async accounts =>
        {
            if (await FindAsync(accounts, result.GetValue(username)!, ct).ConfigureAwait(false) is not { } user)
            {
                return 1;
            }

            var password = await ReadPasswordAsync(result.GetValue(stdin), ct).ConfigureAwait(false);
            if (password is null)
            {
                return 2;
            }

            try
            {
                await accounts.ResetPasswordAsync(user.Id, password, ct).ConfigureAwait(false);
                Console.WriteLine($"password reset for {user.Username} (id {user.Id})");
                return 0;
            }
            catch (DomainValidationException e)
            {
                return await RefusedAsync(e.Errors).ConfigureAwait(false);
            }
        }, ct));
        return command;
    }

    private static Command List()
    {
        var data = CommonOptions.DataDirectory();
        var db = new DatabaseSelection();
        var role = new Option<string?>("--role") { Description = "only this role" };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var disabled = new Option<bool>("--disabled") { Description = "only disabled accounts" };
        var command = new Command("list", "List accounts: id, username, role, producer, state") { data, db.Provider, db.ConnectionString, role, disabled };
        command.SetAction((result, ct) => WithAccountsAsync(result, data, db, async accounts =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var page = 1; ; page++)
            {
                var users = await accounts.ListAsync(new UserQuery(result.GetValue(role), result.GetValue(disabled) ? true : null, null, page, UserQuery.MaxPageSize), ct).ConfigureAwait(false);
                foreach (var u in users.Items)
                {
                    var state = u.Disabled ? "disabled" : u.IsLockedAt(now) ? $"locked until {u.LockedUntil:O}" : "active";
                    Console.WriteLine($"{u.Id}  {u.Username,-24} {u.Role,-9} {u.ProducerId ?? "-",-36} {state}");
                }

                if ((long)page * users.PageSize >= users.Total)
                {
                    Console.WriteLine($"{users.Total} account(s)");
                    return 0;
                }
            }
        }, ct));
        return command;
    }

    private static Option<string> UsernameOption() => new("--username") { Description = "the account's username (matched ignoring case and character width)", Required = true };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = PasswordHelp };

    /// <summary>
    /// Runs <paramref name="body"/> on the service's database (SQLite or PostgreSQL, <see cref="DatabaseSelection"/>),
    /// migrated like the service does at start; accounts hashed at the production cost. Exit 3 when it cannot be opened.
    /// </summary>
    private static async Task<int> WithAccountsAsync(ParseResult result, Option<DirectoryInfo> data, DatabaseSelection selection, Func<UserAccounts, Task<int>> body, CancellationToken ct)
    {
        await using var opened = await selection.OpenAsync(result, result.GetValue(data)!, migrate: true, ct).ConfigureAwait(false);
        if (opened.Database is not { } database)
        {
            return opened.ExitCode;
        }

        return await body(new UserAccounts(new UserRepository(database), new RefreshTokenRepository(database), new PasswordHasher(), LockoutPolicy.Default, TimeProvider.System)).ConfigureAwait(false);
    }

    private static async Task<UserAccount?> FindAsync(UserAccounts accounts, string username, CancellationToken ct)
    {
        var user = await accounts.FindByUsernameAsync(username, ct).ConfigureAwait(false);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"no account has the username {username}").ConfigureAwait(false);
        }

        return user;
    }

    private static async Task<int> RefusedAsync(IEnumerable<FieldError> errors)
    {
        foreach (var e in errors)
        {
            await Console.Error.WriteLineAsync($"{(string.IsNullOrEmpty(e.Field) ? "input" : e.Field)}: {e.En}").ConfigureAwait(false);
        }

        return 2;
    }

    /// <summary>The first line of standard input, or a no-echo prompt typed twice. Null (after saying why) when neither works.</summary>
    private static async Task<string?> ReadPasswordAsync(bool fromStdin, CancellationToken ct)
    {
        if (fromStdin)
        {
            var line = await Console.In.ReadLineAsync(ct).ConfigureAwait(false);
            if (line is null)
            {
                await Console.Error.WriteLineAsync("--password-stdin: standard input is empty").ConfigureAwait(false);
            }

            return line;
        }

        if (Console.IsInputRedirected)
        {
            await Console.Error.WriteLineAsync("no terminal to ask for the password on; pipe it in with --password-stdin").ConfigureAwait(false);
            return null;
        }

        var first = Prompt("New password: ");
        var second = Prompt("Repeat it: ");
        if (first != second)
        {
            await Console.Error.WriteLineAsync("the two passwords differ").ConfigureAwait(false);
            return null;
        }

        return first;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    // Remove a whole surrogate pair, not half of one.
                    text.Length -= text.Length > 1 && char.IsLowSurrogate(text[^1]) ? 2 : 1;
                }
            }
            else if (key.KeyChar != '\0')
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
