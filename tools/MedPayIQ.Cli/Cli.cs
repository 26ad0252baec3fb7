using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MedPayIQ.Cli.Commands;
using MedPayIQ.Cli.Options;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli;

/// <summary>
/// The medpayiq command line: the root command, the mapping of errors to exit codes and the helpers every command
/// shares. Exit codes: 0 success, 1 unpriceable lines when --fail-on-findings asks, 2 bad usage or bad input (one line
/// on stderr naming the problem).
/// </summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("medpayiq: Medicare Physician Fee Schedule prices and facts from CMS's own files (packaged: RVU25A, RVU25D, RVU26A, RVU26B, RVU26C).");
        root.Options.Add(DataOption.Option);
        root.Options.Add(ExactReleaseOption.Option);
        root.Options.Add(DataOption.DataDir);
        root.Subcommands.Add(new ReleasesCommand(output));
        root.Subcommands.Add(new RvuCommand(output));
        root.Subcommands.Add(new FeesCommand(output));
        root.Subcommands.Add(new PriceCommand(output));
        root.Subcommands.Add(new RepriceCommand(error));
        root.Subcommands.Add(new CheckCommand(output));
        root.Subcommands.Add(new InsightsCommand(output));
        root.Subcommands.Add(new DiffCommand(output));
        root.Subcommands.Add(new NcciCommand(output));
        root.Subcommands.Add(new AdjudicateCommand(output, error));
        root.Subcommands.Add(new DataCommand(output));
        root.Subcommands.Add(new RemitsCommand(output));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string message = parse.Errors[0].Message;
            error.WriteLine($"medpayiq: {message}{(Parsers.IsRefusal(message) ? "" : " (see medpayiq --help)")}");
            return BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (FeeScheduleFormatException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (IOException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (UnauthorizedAccessException ex)
        {
            // A path that cannot be opened: an output that is a folder, a file without permission.
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (Ncci.NcciFormatException ex)
        {
            error.WriteLine($"medpayiq: {ex.Message}");
            return BadInput;
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            error.WriteLine($"medpayiq: line {ex.LineNumber}: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    /// <summary>Formats with the invariant culture: every number and date the tool writes.</summary>
    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    public static string Csv(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Writes <paramref name="value"/> as indented JSON through its source-generated contract, and a new line.</summary>
    public static void WriteJson<T>(TextWriter output, T value, JsonTypeInfo<T> contract)
        => output.WriteLine(JsonSerializer.Serialize(value, contract));
}

/// <summary>A usage or input problem: reported on one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
