namespace MedPayIQ.AspNetCore;

/// <summary>Limits of the MedPayIQ HTTP API (<c>services.AddMedPayIQApi(o => ...)</c>): a request past one is answered 400 or 413 with a ProblemDetails.</summary>
public sealed class MedPayIQApiOptions
{
    /// <summary>The largest request body, in bytes (default 256 KiB: a 50-line claim is under 10 KiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The most lines a claim may have (default 50: an 837P claim holds at most 50 service lines).</summary>
    public int MaxLinesPerClaim { get; set; } = 50;

    /// <summary>The most units a line may have (default 999; CMS's practitioner MUEs are far lower): more is refused, not priced as millions.</summary>
    public int MaxUnitsPerLine { get; set; } = 999;

    /// <summary>The name of the OpenAPI document the endpoints are in (default <c>medpayiq</c>: served at <c>/openapi/medpayiq.json</c> by <c>app.MapOpenApi()</c>).</summary>
    public const string OpenApiDocumentName = "medpayiq";
}
