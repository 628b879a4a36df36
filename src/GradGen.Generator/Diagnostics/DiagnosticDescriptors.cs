using Microsoft.CodeAnalysis;

namespace GradGen.Generator.Diagnostics
{
    /// <summary>Every diagnostic GradGen reports. Each id has a page at docs/diagnostics/&lt;id&gt;.md.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string HelpLinkBase = "https://github.com/gradgen/gradgen/blob/main/docs/diagnostics/";

        private const string Usage = "GradGen.Usage";
        private const string Differentiation = "GradGen.Differentiation";

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
            DiagnosticIds.ContainingTypeNotPartial,
            Usage,
            "Containing type must be partial",
            "Type '{0}' must be declared partial so that GradGen can add the gradient of '{1}' to it",
            "GradGen adds the generated gradient members to the type that declares the [Differentiable] method, so that type and every type containing it must be partial.");

        public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
            DiagnosticIds.UnsupportedReturnType,
            Usage,
            "Return type must be double or float",
            "'{0}' returns '{1}'; GradGen differentiates methods that return a double or a float",
            "A gradient is the derivative of one scalar result. Return a double or float loss; reduce vectors to a scalar first.");

        public static readonly DiagnosticDescriptor MethodWithoutBody = Error(
            DiagnosticIds.MethodWithoutBody,
            Usage,
            "Method must have a body",
            "'{0}' has no body ({1}); GradGen differentiates the code of a method, so it needs one",
            "Abstract, extern, interface-declared and bodiless partial methods have no code to differentiate.");

        public static readonly DiagnosticDescriptor AsyncOrIterator = Error(
            DiagnosticIds.AsyncOrIterator,
            Usage,
            "Async and iterator methods cannot be differentiated",
            "'{0}' is {1}; GradGen differentiates ordinary methods that compute a value",
            "Async methods and iterators compute their results across suspensions, which GradGen cannot replay in reverse. Compute the value in an ordinary method and differentiate that.");

        public static readonly DiagnosticDescriptor ByReferenceParameter = Error(
            DiagnosticIds.ByReferenceParameter,
            Usage,
            "Differentiable parameter passed by reference",
            "Parameter '{0}' is '{1}'; a differentiable parameter must be passed by value or 'in'. Pass it by value, or mark it [NoDerivative].",
            "GradGen differentiates the result with respect to the values the method receives; a ref or out parameter is also an output, which a scalar gradient does not describe.");

        public static readonly DiagnosticDescriptor CallWithoutDerivative = Error(
            DiagnosticIds.CallWithoutDerivative,
            Differentiation,
            "Call to a method with no known derivative",
            "'{0}' has no derivative that GradGen knows, and its result depends on a differentiable value: {1}",
            "GradGen knows the derivatives of System.Math and System.MathF functions, of methods marked [Differentiable], and of the methods of the same project that those call (non-generic, non-virtual, returning double or float). A call to any other method may only take values that do not depend on the differentiable parameters.");

        public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
            DiagnosticIds.UnsupportedStatement,
            Differentiation,
            "Statement cannot be differentiated",
            "GradGen cannot differentiate {0}: {1}",
            "GradGen differentiates assignments, if/else, loops, break, continue, return and throw. Other statements have no derivative GradGen can generate.");

        public static readonly DiagnosticDescriptor ActiveValueConversion = Error(
            DiagnosticIds.ActiveValueConversion,
            Differentiation,
            "Conversion of a differentiable value to a type without derivatives",
            "Converting '{0}' to '{1}' loses its derivative. Keep it a double or float, or wrap it in Gradients.WithoutDerivative(...) if it should be held constant.",
            "Integers, decimals and raw bits have no derivatives. A value that depends on a differentiable parameter must stay a double or float.");

        public static readonly DiagnosticDescriptor WriteOutsideMethod = Error(
            DiagnosticIds.WriteOutsideMethod,
            Differentiation,
            "Differentiable method writes outside its locals",
            "GradGen cannot differentiate a write to {0}; a differentiable method may only assign its own locals and parameters. {1}",
            "Gradient code runs the method again, so a write to fields, properties, static state, ref/out parameters or the caller's arrays would happen twice and could change the result. Compute into locals and return the value.");

        public static readonly DiagnosticDescriptor Recursion = Error(
            DiagnosticIds.Recursion,
            Differentiation,
            "Recursion through other methods",
            "'{0}' calls itself through '{1}'; GradGen differentiates a method that calls itself directly, but not recursion through other methods. Call the method itself, or write the recursion as a loop.",
            "A method that calls itself is differentiated through its own pullback, which calls itself as the method does. In a cycle through other methods, each callee's pullback would have to be decided before the others exist.");

        public static readonly DiagnosticDescriptor MemberNameCollision = Error(
            DiagnosticIds.MemberNameCollision,
            Usage,
            "Member name collides with a generated member",
            "'{0}' already has a member '{1}' with the signature GradGen generates for '{2}'. Rename one of them.",
            "For a [Differentiable] method F, GradGen generates FGradient, FValueAndGradient and FPullback in the same type.");

        public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
            DiagnosticIds.UnsupportedExpression,
            Differentiation,
            "Expression cannot be differentiated",
            "GradGen cannot differentiate '{0}': {1}",
            "GradGen differentiates arithmetic on double and float values, their arrays and spans, System.Math/MathF functions and calls to [Differentiable] methods.");

        public static readonly DiagnosticDescriptor GenericMethod = Error(
            DiagnosticIds.GenericMethod,
            Usage,
            "Generic differentiable method",
            "GradGen cannot differentiate '{0}' in generic form: {1}",
            "GradGen differentiates a generic method over one type parameter T constrained to IFloatingPointIeee754<T> (or an interface that implies it), whose generated members are generic too. A method with two such type parameters, a vector-valued generic method, a model-type parameter of a generic method and a floating-point type parameter of a containing type are not differentiated in generic form.");

        public static readonly DiagnosticDescriptor TypeParameterNotFloatingPoint = Error(
            DiagnosticIds.TypeParameterNotFloatingPoint,
            Usage,
            "Type parameter of a differentiable value is not a floating-point type",
            "'{0}' differentiates values of '{1}', but '{1}' is not constrained to IFloatingPointIeee754<{1}>; add 'where {1} : IFloatingPointIeee754<{1}>' (or an interface that implies it), or mark the parameters of type '{1}' [NoDerivative] if they are data",
            "The derivative rules need a floating-point type: T.Exp, T.Sqrt, T.One and T's arithmetic exist and round as IEEE 754 says only for a T constrained to IFloatingPointIeee754<T>. A type parameter that types the result or a differentiable parameter must be constrained so.");

        public static readonly DiagnosticDescriptor GenericConversionOfDifferentiableValue = Error(
            DiagnosticIds.GenericConversionOfDifferentiableValue,
            Differentiation,
            "Generic-math conversion of a differentiable value",
            "'{0}' converts a differentiable value; GradGen differentiates T.CreateChecked, CreateTruncating and CreateSaturating only as constants (T.CreateChecked(2.0), T.CreateChecked(n) of an int n). Compute with '{1}' throughout, or hold the value constant with Gradients.WithoutDerivative(...)",
            "In a generic [Differentiable] method, T.CreateChecked(...) and its siblings make constants of T from numbers: literals, counts, data. A differentiable value converted by them (to double, or from a double into T) would lose its derivative, so it is an error rather than a silent constant.");

        public static readonly DiagnosticDescriptor UnsupportedLocalArray = Error(
            DiagnosticIds.UnsupportedLocalArray,
            Differentiation,
            "Local array cannot be differentiated here",
            "GradGen cannot differentiate the local array '{0}': {1}",
            "A local array or span that holds intermediate values must be created once, with new T[n] or stackalloc T[n], in a declaration at the top level of the method body.");

        public static readonly DiagnosticDescriptor CalleeHasErrors = Error(
            DiagnosticIds.CalleeHasErrors,
            Differentiation,
            "Call to a differentiable method that cannot be differentiated",
            "GradGen cannot differentiate '{0}', so this call has no derivative: {1}. Fix it in '{0}', or wrap the call in Gradients.WithoutDerivative(...) to hold its result constant.",
            "A call to a [Differentiable] method, or to a method of the same project that takes differentiable values, is differentiated through the callee's generated pullback, which exists only when the callee itself can be differentiated. The callee's own errors are reported where they stand.");

        public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error(
            DiagnosticIds.LanguageVersionTooOld,
            Usage,
            "GradGen needs C# 7.3 or later",
            "GradGen generates C# 7.3 (spans, tuples, 'in' parameters), and this project compiles C# {0}: set <LangVersion> to 7.3 or later",
            "The generated gradient members use language features of C# 7.3. Below it, GradGen generates nothing rather than code that does not compile.");

        public static readonly DiagnosticDescriptor UnsupportedVectorResult = Error(
            DiagnosticIds.UnsupportedVectorResult,
            Usage,
            "Vector-valued result must be a tuple of doubles or of floats",
            "'{0}' returns '{1}', which GradGen cannot differentiate as a vector: {2}",
            "A method that returns a value tuple is vector-valued: it gets a pullback with a seed per element and a Jacobian. Its elements must all be double or all be float, at most seven of them, none a nested tuple.");

        public static readonly DiagnosticDescriptor SeedNameCollision = Error(
            DiagnosticIds.SeedNameCollision,
            Usage,
            "Seed of a result element has the name of a parameter",
            "The pullback of '{0}' takes the seed of the element '{1}' as '{2}', which is already the name of a parameter; rename the element or the parameter",
            "A vector-valued method's pullback names the seed of each element of its result 'seed' followed by the element's name, beside the method's own parameters.");

        public static readonly DiagnosticDescriptor CustomDerivativeMismatch = Error(
            DiagnosticIds.CustomDerivativeMismatch,
            Usage,
            "Custom derivative does not match its target",
            "'{0}' is not a custom {1} GradGen can use: {2}",
            "A [CustomPullback] or [CustomPushforward] method names the method it differentiates with typeof and nameof, and has the signature of the pullback or pushforward GradGen would generate for it: the target's parameters, then the seed (pullbacks), then one adjoint or tangent per differentiable parameter. Overloads are told apart by that signature.");

        public static readonly DiagnosticDescriptor ZeroDerivative = Warning(
            DiagnosticIds.ZeroDerivative,
            Differentiation,
            "Function has a zero derivative",
            "'{0}' is piecewise constant: its derivative is zero wherever it is defined, so no gradient flows through it",
            "Floor, Ceiling, Round, Truncate and Sign are steps. Gradient descent sees a zero derivative through them. If that is intended, wrap the call in Gradients.WithoutDerivative(...) to say so.",
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor PiecewiseComparison = new(
            DiagnosticIds.PiecewiseComparison,
            "Comparison of differentiable values makes the gradient piecewise",
            "'{0}' compares values that depend on differentiable parameters; the gradient follows the branch taken and ignores the boundary",
            Differentiation,
            DiagnosticSeverity.Info,
            isEnabledByDefault: false,
            description: "The derivative of a branch is the derivative of the branch taken (a ReLU, a Huber loss, a clamp, a convergence test). At the boundary itself the function may have no derivative; GradGen then returns the derivative of the branch taken there. Off by default: where a comparison leaves no gradient at all, GG1007 warns.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.PiecewiseComparison + ".md");

        public static readonly DiagnosticDescriptor Kink = new(
            DiagnosticIds.Kink,
            "Function has a kink",
            "'{0}' has no derivative where its arguments tie; GradGen then uses the derivative of one side",
            Differentiation,
            DiagnosticSeverity.Info,
            isEnabledByDefault: false,
            description: "Abs at zero and Max/Min where both arguments are equal have no derivative. GradGen picks one side (a subgradient).",
            helpLinkUri: HelpLinkBase + DiagnosticIds.Kink + ".md");

        // Info, not a warning: a redundant mark changes nothing, and must not fail a warnings-as-errors build.
        public static readonly DiagnosticDescriptor RedundantNoDerivative = new(
            DiagnosticIds.RedundantNoDerivative,
            "[NoDerivative] on a parameter that is never differentiated",
            "Parameter '{0}' has type '{1}', which GradGen never differentiates; [NoDerivative] can be removed",
            Usage,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "Only double, float, their arrays (one-dimensional, jagged, two-dimensional) and spans are differentiated. Parameters of other types are constants without the attribute; the mark is harmless.",
            helpLinkUri: HelpLinkBase + DiagnosticIds.RedundantNoDerivative + ".md");

        public static readonly DiagnosticDescriptor NoDifferentiableParameters = Warning(
            DiagnosticIds.NoDifferentiableParameters,
            Usage,
            "Method has no differentiable parameters",
            "'{0}' has no differentiable parameter ({1}), so it has no gradient and GradGen generates nothing for it",
            "A gradient is taken with respect to double, float, array or span parameters that are not marked [NoDerivative].",
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ArgumentHeldConstant = Warning(
            DiagnosticIds.ArgumentHeldConstant,
            Differentiation,
            "Differentiable value passed to a [NoDerivative] parameter",
            "'{0}' depends on differentiable parameters, but '{1}' holds its parameter '{2}' constant ([NoDerivative]), so no derivative flows through this argument. Remove [NoDerivative] from '{2}', or wrap the argument in Gradients.WithoutDerivative(...) to say it is meant.",
            "A [Differentiable] callee that marks a parameter [NoDerivative] treats it as data. A caller that passes a value computed from its own differentiable parameters there loses that part of its gradient.",
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor StepOfDifferentiableValue = Warning(
            DiagnosticIds.StepOfDifferentiableValue,
            Differentiation,
            "A comparison of differentiable values selects between constants",
            "'{0}' is a step: it selects between values that do not depend on the differentiable parameters, so its derivative is zero and no gradient flows through the comparison '{1}'",
            "A step (x > t ? 1 : 0) is piecewise constant: its derivative with respect to the compared values is zero wherever it is defined. Gradient descent sees nothing through it. If the step is meant, hold the comparison constant with Gradients.WithoutDerivative(...); for a gradient, use a smooth surrogate (a sigmoid of (x - t) / temperature).",
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor MemberHeldConstant = Warning(
            DiagnosticIds.MemberHeldConstant,
            Differentiation,
            "Differentiable-typed member read as a constant",
            "'{0}' is {1}, and GradGen computes no derivative with respect to it: the gradient holds it constant. {2}.",
            "GradGen differentiates with respect to the method's parameters. A double, float, array or grid read from a field or property of this instance, from a static member, or from a parameter of a type GradGen does not differentiate gets no derivative; GradGen says so once per member rather than hold it constant without a word.",
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ModelTypeNotBuildable = Error(
            DiagnosticIds.ModelTypeNotBuildable,
            Usage,
            "GradGen cannot build a gradient of this model type",
            "GradGen cannot differentiate with respect to '{0}' of type '{1}': {2}. Make the type buildable, or mark '{0}' [NoDerivative] if it is data.",
            "A parameter of a struct, record or class that holds double or float data is differentiated member by member, and its gradient is a value of the same type. GradGen builds that value with an object initializer of the differentiable members (settable or init-only) or with a constructor whose parameters match them one to one by name and type; it reads fields and auto-properties of double, float, their one-dimensional arrays and nested such types.");

        public static readonly DiagnosticDescriptor ModelValueUsedWhole = Error(
            DiagnosticIds.ModelValueUsedWhole,
            Differentiation,
            "Model value used as a whole",
            "'{0}' uses the model value '{1}' as a whole, which GradGen does not differentiate. {2}.",
            "GradGen differentiates a model-type parameter through reads of its members (m.W, m.Weights[i], m.Inner.X): each double, float or array member is a differentiable value of its own. Passing the whole value to a call, calling its methods, copying it or a nested value of it into a local would carry derivatives GradGen does not track, so it is an error rather than a silent constant.");

        public static readonly DiagnosticDescriptor ComputedModelMember = Error(
            DiagnosticIds.ComputedModelMember,
            Differentiation,
            "Computed member of a model type",
            "'{0}' is a computed property of '{1}', which GradGen does not differentiate; compute it in the method from the fields and auto-properties it reads",
            "GradGen differentiates a model type through its fields and auto-properties. A property with a body of its own runs code GradGen does not see, so reading it is an error rather than a silent constant.");

        public static readonly DiagnosticDescriptor WithRespectToThisWithoutInstance = Error(
            DiagnosticIds.WithRespectToThisWithoutInstance,
            Usage,
            "WithRespectToThis on a method without a differentiable instance",
            "'{0}' is marked WithRespectToThis, but {1}",
            "[Differentiable(WithRespectToThis = true)] differentiates an instance method of a model type (a struct, record or class holding double or float data) with respect to the instance. A static method has no instance, and a type without differentiable data has nothing to differentiate.");

        public static readonly DiagnosticDescriptor HessianOfVectorResult = Error(
            DiagnosticIds.HessianOfVectorResult,
            Usage,
            "Hessian of a vector-valued method",
            "'{0}' returns a tuple, and a Hessian is of one scalar result; differentiate a scalar method with Hessian = true (a loss of the elements), or remove Hessian = true",
            "[Differentiable(Hessian = true)] generates FHessian and FHessianVectorProduct, the second derivatives of a method that returns a double or a float. A vector-valued method has one Hessian per element; GradGen generates none.");

        public static readonly DiagnosticDescriptor HessianNotSupported = Error(
            DiagnosticIds.HessianNotSupported,
            Differentiation,
            "Second derivatives of this construct are not supported",
            "GradGen cannot build the Hessian of '{0}': {1}",
            "[Differentiable(Hessian = true)] builds second derivatives by forward mode pushed through the generated gradient (forward-over-reverse). Some constructs the gradient supports have no second derivative in GradGen yet; each is an error at the construct, and the method then gets no generated members until it is changed or Hessian = true is removed.");

        public static readonly DiagnosticDescriptor InternalError = Error(
            DiagnosticIds.InternalError,
            Usage,
            "GradGen failed to process a method",
            "GradGen could not process '{0}' ({1}); no gradient was generated. Please report this with the method's code.",
            "An unexpected condition inside GradGen. The method gets no generated members.");

        private static DiagnosticDescriptor Error(string id, string category, string title, string message, string description) =>
            new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");

        private static DiagnosticDescriptor Warning(string id, string category, string title, string message, string description, bool isEnabledByDefault) =>
            new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault, description: description, helpLinkUri: HelpLinkBase + id + ".md");
    }
}
