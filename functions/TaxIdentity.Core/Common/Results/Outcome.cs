using System.Diagnostics.CodeAnalysis;

namespace TaxIdentity.Core.Common.Results;

/// <summary>Either a value or the <see cref="Problem"/> that prevented it.</summary>
public readonly struct Outcome<T>
{
    private readonly T? value;

    private Outcome(T? value, Problem? problem)
    {
        this.value = value;
        Problem = problem;
    }

    public Problem? Problem { get; }

    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public T Value => Succeeded ? value! : throw new InvalidOperationException($"The outcome failed with '{Problem.Code}'.");

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}

/// <summary>The outcome of an operation that returns nothing on success.</summary>
public readonly record struct Done
{
    public static Done Value => default;
}
