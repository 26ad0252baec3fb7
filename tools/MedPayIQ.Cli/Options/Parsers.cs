using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;

namespace MedPayIQ.Cli.Options;

/// <summary>
/// System.CommandLine parsers built on <see cref="ClaimInput"/>'s: a bad value is a parse error with the same precise
/// message a claim file gets (exit code 2 before any command runs).
/// </summary>
internal static class Parsers
{
    private static readonly object Refused = new();
    private static readonly ConditionalWeakTable<string, object> Refusals = [];

    /// <summary>A parser of one token: what <paramref name="parse"/> throws as a <see cref="UsageException"/> becomes the parse error.</summary>
    public static Func<ArgumentResult, T?> Of<T>(Func<string, T> parse)
        => result => Parse(result, () => parse(result.Tokens[^1].Value));

    /// <summary>A parser of every token given (an option that may be repeated).</summary>
    public static Func<ArgumentResult, T?> OfAll<T>(Func<IEnumerable<string>, T> parse)
        => result => Parse(result, () => parse(result.Tokens.Select(t => t.Value)));

    /// <summary>A parser of one word among <paramref name="words"/> (any case); otherwise "'x' is not a <paramref name="what"/>: a, b or c."</summary>
    public static Func<ArgumentResult, T?> OneOf<T>(string what, IReadOnlyDictionary<string, T> words, string wordList)
        => Of(text => words.TryGetValue(text, out var value)
            ? value
            : throw new UsageException($"'{text.ToLowerInvariant()}' is not {what}: {wordList}."));

    /// <summary>The file or folder must exist: "the file '...' does not exist." otherwise.</summary>
    public static void MustExist(Argument<FileInfo> argument)
        => argument.Validators.Add(result =>
        {
            if (result.GetValue(argument) is { Exists: false } file)
            {
                Reject(result, $"the file '{file.FullName}' does not exist.");
            }
        });

    /// <summary>The file, when given, must exist.</summary>
    public static void MustExist(Option<FileInfo?> option)
        => option.Validators.Add(result =>
        {
            if (result.GetValue(option) is { Exists: false } file)
            {
                Reject(result, $"the file '{file.FullName}' does not exist.");
            }
        });

    /// <summary>Every file given must exist.</summary>
    public static void MustExist(Option<FileInfo[]> option)
        => option.Validators.Add(result =>
        {
            foreach (var file in result.GetValue(option) ?? [])
            {
                if (!file.Exists)
                {
                    Reject(result, $"the file '{file.FullName}' does not exist.");
                    return;
                }
            }
        });

    /// <summary>
    /// A value the tool refuses, with its message: reported as it is, without System.CommandLine's pointer to --help
    /// (which its own errors, an unknown option or a missing argument, keep).
    /// </summary>
    public static void Reject(SymbolResult result, string message)
    {
        Refusals.AddOrUpdate(message, Refused);
        result.AddError(message);
    }

    /// <summary>Whether <paramref name="message"/> is one of <see cref="Reject"/>'s (the same string, not an equal one).</summary>
    public static bool IsRefusal(string message) => Refusals.TryGetValue(message, out _);

    private static T? Parse<T>(ArgumentResult result, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (UsageException ex)
        {
            Reject(result, ex.Message);
            return default;
        }
    }
}
