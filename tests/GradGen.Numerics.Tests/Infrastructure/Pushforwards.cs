using System.Reflection;

namespace GradGen.Numerics.Tests.Infrastructure;

/// <summary>The pushforward of a function of one array (its only parameter, differentiable).</summary>
public delegate (double Value, double Tangent) ArrayPushforward(double[] x, ReadOnlySpan<double> xTangent);

/// <summary>The pushforward of a function of one float array.</summary>
public delegate (float Value, float Tangent) FloatArrayPushforward(float[] x, ReadOnlySpan<float> xTangent);

/// <summary>
/// Finds the generated <c>FPushforward</c> beside a case's method. Cases built from method groups (the method itself, every
/// parameter differentiable) get theirs here without a word in the case; a case whose delegates are lambdas (constant
/// arguments bound, spans) names its pushforward itself.
/// </summary>
internal static class Pushforwards
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    /// <summary>The pushforward of <paramref name="f"/>, a method group of scalar parameters only, called with the point and
    /// the tangent as its arguments; null when <paramref name="f"/> is a lambda.</summary>
    public static FlatPushforward<T>? Scalar<T>(Delegate f)
    {
        if (PushforwardBeside(f, typeof(T)) is not { } pushforward) return null;
        object? target = f.Target;
        return (point, tangent) =>
        {
            object?[] arguments = [.. point.Cast<object?>(), .. tangent.Cast<object?>()];
            var (value, derivative) = ((T, T))pushforward.Invoke(target, arguments)!;
            return (value, derivative);
        };
    }

    /// <summary>The pushforward of <paramref name="f"/>, a method group of one double[] parameter; null for a lambda.</summary>
    public static FlatPushforward<double>? Array(Func<double[], double> f)
    {
        if (PushforwardBeside(f, typeof(ReadOnlySpan<double>)) is not { } method) return null;
        var pushforward = (ArrayPushforward)Delegate.CreateDelegate(typeof(ArrayPushforward), f.Target, method);
        return (point, tangent) => pushforward(point, tangent);
    }

    /// <summary>The pushforward of <paramref name="f"/>, a method group of one float[] parameter; null for a lambda.</summary>
    public static FlatPushforward<float>? Array(Func<float[], float> f)
    {
        if (PushforwardBeside(f, typeof(ReadOnlySpan<float>)) is not { } method) return null;
        var pushforward = (FloatArrayPushforward)Delegate.CreateDelegate(typeof(FloatArrayPushforward), f.Target, method);
        return (point, tangent) => pushforward(point, tangent);
    }

    /// <summary><c>FPushforward</c> beside the [Differentiable] method <paramref name="f"/> calls directly, each of whose
    /// parameters has a tangent of type <paramref name="tangentType"/>.</summary>
    private static MethodInfo? PushforwardBeside(Delegate f, Type tangentType)
    {
        MethodInfo method = f.Method;
        if (method.GetCustomAttribute<DifferentiableAttribute>() is null) return null;
        Type[] parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
        Type[] signature = [.. parameters, .. parameters.Select(_ => tangentType)];
        return method.DeclaringType!.GetMethod(method.Name + "Pushforward", All, null, signature, null)
            ?? throw new InvalidOperationException($"{method.DeclaringType}.{method.Name} has no pushforward; is it [Differentiable(Forward = true)]?");
    }
}
