namespace MedPayIQ.Cli.Tests;

/// <summary>Runs the tool in-process and captures what it writes.</summary>
internal static class CliRun
{
    public static (int Exit, string Out, string Err) InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
