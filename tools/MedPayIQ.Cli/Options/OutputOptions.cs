using System.CommandLine;
using System.Text;

namespace MedPayIQ.Cli.Options;

/// <summary>The formats <c>--format</c> takes.</summary>
internal enum FileFormat
{
    /// <summary>CMS's 16-field payment amount layout, byte for byte.</summary>
    Pfall,

    /// <summary>Comma-separated values with a header line.</summary>
    Csv,
}

/// <summary>
/// Where and how a command writes: <c>--json</c> (or <c>--json-lines</c>), <c>-o/--output FILE</c> and
/// <c>--format</c>; each command takes the ones it needs.
/// </summary>
internal sealed class OutputOptions
{
    private static readonly Dictionary<string, FileFormat?> Formats = new(StringComparer.OrdinalIgnoreCase) { ["pfall"] = FileFormat.Pfall, ["csv"] = FileFormat.Csv };

    /// <summary><c>--json</c> or <c>--json-lines</c>, when the command writes JSON.</summary>
    public Option<bool>? Json { get; private init; }

    /// <summary><c>-o/--output</c>, when the command writes to a file.</summary>
    public Option<FileInfo?>? File { get; private init; }

    /// <summary><c>--format</c>, when the command writes more than one file format.</summary>
    public Option<FileFormat?>? Format { get; private init; }

    /// <summary><c>--json</c> with its description.</summary>
    public static OutputOptions JsonOr(string description = "Write JSON.")
        => new() { Json = new Option<bool>("--json") { Description = description } };

    /// <summary><c>-o/--output FILE</c> (<paramref name="required"/> or standard output) and <c>--json-lines</c> when <paramref name="jsonLines"/> describes it.</summary>
    public static OutputOptions ToFile(string description, bool required, string? jsonLines = null) => new()
    {
        File = new Option<FileInfo?>("--output", "-o") { Description = description, Required = required },
        Json = jsonLines is null ? null : new Option<bool>("--json-lines") { Description = jsonLines },
    };

    /// <summary><c>--format pfall|csv</c> (pfall when not given) and <c>-o/--output FILE</c> (standard output by default).</summary>
    public static OutputOptions FormatToFile(string format, string file) => new()
    {
        Format = new Option<FileFormat?>("--format") { HelpName = "format", Description = format, CustomParser = Parsers.OneOf("a format", Formats, "pfall or csv") },
        File = new Option<FileInfo?>("--output", "-o") { Description = file },
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option?[] { Format, File, Json })
        {
            if (option is not null)
            {
                command.Options.Add(option);
            }
        }
    }

    /// <summary>Whether JSON was asked for.</summary>
    public bool IsJson(ParseResult parse) => Json is { } json && parse.GetValue(json);

    /// <summary>The format asked for.</summary>
    public FileFormat GetFormat(ParseResult parse) => (Format is { } format ? parse.GetValue(format) : null) ?? FileFormat.Pfall;

    /// <summary>The file given, if any.</summary>
    public FileInfo? GetFile(ParseResult parse) => File is { } file ? parse.GetValue(file) : null;

    /// <summary>A writer of the file given (UTF-8 without a byte order mark), or null to write to standard output.</summary>
    public StreamWriter? OpenFile(ParseResult parse, int bufferSize = 4096)
        => GetFile(parse) is { } file ? new StreamWriter(file.FullName, append: false, new UTF8Encoding(false), bufferSize) : null;
}
