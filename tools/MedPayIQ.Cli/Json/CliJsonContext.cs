using System.Text.Json.Serialization;

namespace MedPayIQ.Cli.Json;

/// <summary>
/// The JSON contracts of the commands' <c>--json</c> output, generated at build time (no reflection: the tool
/// publishes with Native AOT). camelCase names in declaration order; amounts are JSON numbers written as the
/// decimal holds them (92.51); a null property is written as null unless it says otherwise.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReleaseJson[]))]
[JsonSerializable(typeof(RvuJson))]
[JsonSerializable(typeof(LinePriceJson))]
[JsonSerializable(typeof(CheckJson))]
[JsonSerializable(typeof(X12CheckJson[]))]
[JsonSerializable(typeof(InsightsJson))]
[JsonSerializable(typeof(DiffJson))]
[JsonSerializable(typeof(AdjudicateSummaryJson))]
[JsonSerializable(typeof(DataSourceJson))]
[JsonSerializable(typeof(DataSourceJson[]))]
[JsonSerializable(typeof(RemitsJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>The contracts of <c>reprice --json-lines</c> and <c>adjudicate</c>'s JSON lines: one object a line, not indented.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RepricedLineJson))]
[JsonSerializable(typeof(RejectedLineJson))]
[JsonSerializable(typeof(ExpectedClaimJson))]
internal sealed partial class CliJsonLinesContext : JsonSerializerContext;
