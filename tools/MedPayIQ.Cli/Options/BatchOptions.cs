using System.CommandLine;
using System.Globalization;

namespace MedPayIQ.Cli.Options;

/// <summary>
/// The options of the commands that process a claim file in a pipeline (<c>reprice</c>, <c>adjudicate</c>):
/// <c>--workers</c>, <c>--strict</c> and <c>--fail-on-rejects</c>, one wording for both.
/// </summary>
internal sealed class BatchOptions
{
    private readonly Option<bool> _failOnRejects = new("--fail-on-rejects") { Description = "Exit 1 when any row cannot be read (the others are processed and written all the same)." };
    private readonly Option<bool> _strict = new("--strict") { Description = "Stop at the first row that cannot be read (exit 2, no output file) instead of writing it as Rejected." };
    private readonly Option<int?> _workers = new("--workers") { HelpName = "n", Description = "The threads that read, parse, price, format and write, taking turns to read and to write (default: one per core; 1: one thread in all).", CustomParser = Parsers.Of<int?>(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 256 ? n : throw new UsageException($"--workers '{text}' is not a number from 1 to 256.")) };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _failOnRejects, _strict, _workers })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The workers asked for, else one per core.</summary>
    public int Workers(ParseResult parse) => parse.GetValue(_workers) ?? Environment.ProcessorCount;

    /// <summary>Whether <c>--strict</c> was given.</summary>
    public bool Strict(ParseResult parse) => parse.GetValue(_strict);

    /// <summary>Whether <c>--fail-on-rejects</c> was given.</summary>
    public bool FailOnRejects(ParseResult parse) => parse.GetValue(_failOnRejects);
}
