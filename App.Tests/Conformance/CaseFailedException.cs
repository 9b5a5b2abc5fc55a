namespace EspWs.App.Tests.Conformance;

/// <summary>A conformance case that did not get the answer it accepts; the message starts with the case's number.</summary>
public sealed class CaseFailedException(string caseId, Exception inner)
    : Exception($"Case {caseId}: {inner.Message}", inner)
{
    public string CaseId { get; } = caseId;
}
