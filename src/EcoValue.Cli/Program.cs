using System.CommandLine;
using EcoValue.Cli.Commands;

// ecovalue <command> [options]: operator commands. `ecovalue --help` lists them; each has its own --help.
var root = new RootCommand("EcoValue operator commands: deploy contracts, check the chain, verify proofs, manage accounts, check brand standards, print QR labels.")
{
    DeployCommand.Create(),
    VerifyCommand.Create(),
    UsersCommand.Create(),
    StandardsCommand.Create(),
    LabelsCommand.Create(),
    VerifyReportCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
