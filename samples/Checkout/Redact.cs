namespace Shop.Privacy;

/// <summary>The contract's <c>pii.redactor</c>: what the PII rules' fixes wrap around a personal value.</summary>
public static class Redact
{
    /// <summary>Keeps the first character and, for an email address, the domain: <c>j***@example.com</c>.</summary>
    public static string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        int at = value.IndexOf('@');
        return at > 0 ? value[0] + "***" + value[at..] : value[0] + "***";
    }
}
