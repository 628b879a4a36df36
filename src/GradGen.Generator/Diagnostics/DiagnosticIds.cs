namespace GradGen.Generator.Diagnostics
{
    /// <summary>Diagnostic ids, shared with the code fixes.</summary>
    internal static class DiagnosticIds
    {
        public const string ContainingTypeNotPartial = "GG0001";
        public const string UnsupportedReturnType = "GG0002";
        public const string MethodWithoutBody = "GG0003";
        public const string AsyncOrIterator = "GG0004";
        public const string ByReferenceParameter = "GG0005";
        public const string CallWithoutDerivative = "GG0006";
        public const string UnsupportedStatement = "GG0007";
        public const string ActiveValueConversion = "GG0008";
        public const string WriteOutsideMethod = "GG0009";
        public const string Recursion = "GG0010";
        public const string MemberNameCollision = "GG0011";
        public const string UnsupportedExpression = "GG0012";
        public const string GenericMethod = "GG0013";
        public const string UnsupportedLocalArray = "GG0014";
        public const string CalleeHasErrors = "GG0015";
        public const string LanguageVersionTooOld = "GG0016";
        public const string UnsupportedVectorResult = "GG0017";
        public const string SeedNameCollision = "GG0018";
        public const string ModelTypeNotBuildable = "GG0020";
        public const string ModelValueUsedWhole = "GG0021";
        public const string ComputedModelMember = "GG0022";
        public const string WithRespectToThisWithoutInstance = "GG0023";
        public const string CustomDerivativeMismatch = "GG0025";
        public const string HessianOfVectorResult = "GG0026";
        public const string HessianNotSupported = "GG0027";
        public const string TypeParameterNotFloatingPoint = "GG0028";
        public const string GenericConversionOfDifferentiableValue = "GG0029";
        public const string ZeroDerivative = "GG1001";
        public const string PiecewiseComparison = "GG1002";
        public const string Kink = "GG1003";
        public const string RedundantNoDerivative = "GG1004";
        public const string NoDifferentiableParameters = "GG1005";
        public const string ArgumentHeldConstant = "GG1006";
        public const string StepOfDifferentiableValue = "GG1007";
        public const string MemberHeldConstant = "GG1008";
        public const string InternalError = "GG9999";
    }
}
