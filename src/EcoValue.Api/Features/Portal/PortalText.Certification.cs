namespace EcoValue.Api.Features.Portal;

public static partial class PortalText
{
    // Navigation and refusals
    public static readonly Text NavApplications = new("Applications", "认证申请");
    public static readonly Text NavLicences = new("Licences", "许可");
    public static readonly Text NavBrands = new("Brands", "品牌");
    public static readonly Text NotAccreditedTitle = new("Not accredited for this brand", "无该品牌的认证资格");
    public static readonly Text NotAccreditedText = new("Only a certifier accredited for the brand may decide on its applications and licences.", "只有具备该品牌认证资格的认证人员才能处理其申请和许可。");
    public static readonly Text AlreadyDecided = new("The application was decided already.", "该申请已有决定。");
    public static readonly Text TransitionRefused = new("The licence's status does not allow this change (revoked is final; only a suspended licence is reinstated).", "许可当前状态不允许此变更（撤销不可恢复；只有暂停的许可可以恢复）。");
    public static readonly Text ReadOnlyForAdmin = new("Administrators read here; decisions are taken by a certifier accredited for the brand.", "管理员在此只能查看；决定由具备该品牌认证资格的认证人员作出。");

    // Applications
    public static readonly Text ApplicationsTitle = new("Applications", "认证申请");
    public static readonly Text ApplicationTitle = new("Application", "认证申请");
    public static readonly Text Brand = new("Brand", "品牌");
    public static readonly Text AllBrands = new("All brands", "全部品牌");
    public static readonly Text StatusField = new("Status", "状态");
    public static readonly Text AllStatuses = new("All", "全部");
    public static readonly Text AppSubmitted = new("submitted", "待审核");
    public static readonly Text AppApproved = new("approved", "已批准");
    public static readonly Text AppRejected = new("rejected", "已驳回");
    public static readonly Text Scope = new("Scope", "认证范围");
    public static readonly Text Categories = new("Categories", "品类");
    public static readonly Text ApplicantNotes = new("Applicant's notes", "申请说明");
    public static readonly Text SubmittedAt = new("Submitted", "提交时间");
    public static readonly Text DecidedAt = new("Decided", "决定时间");
    public static readonly Text DecisionNotes = new("Decision notes", "决定说明");
    public static readonly Text Licence = new("Licence", "许可");

    // Evaluation
    public static readonly Text EvaluationTitle = new("Evaluation", "评估报告");
    public static readonly Text EvaluationLive = new("Evaluated now, as of {0}, against {1} version {2}.", "按 {0} 的数据，依据 {1} 第 {2} 版即时评估。");
    public static readonly Text EvaluationStored = new("The report the decision was taken on (as of {0}, {1} version {2}).", "作出决定时所依据的报告（{0}，{1} 第 {2} 版）。");
    public static readonly Text Overall = new("Overall", "总体结论");
    public static readonly Text StandardHash = new("Standard hash", "标准哈希");
    public static readonly Text OutcomePass = new("pass", "通过");
    public static readonly Text OutcomeFail = new("fail", "不合格");
    public static readonly Text OutcomeMissing = new("missing evidence", "缺少证据");
    public static readonly Text OutcomeNotApplicable = new("not applicable", "不适用");
    public static readonly Text FactsUsed = new("Facts used", "依据事实");

    // Decision
    public static readonly Text DecisionTitle = new("Decision", "审核决定");
    public static readonly Text DecisionField = new("Decision", "决定");
    public static readonly Text Approve = new("Approve and issue the licence", "批准并签发许可");
    public static readonly Text Reject = new("Reject", "驳回");
    public static readonly Text NotesField = new("Notes", "说明");
    public static readonly Text NotesHint = new("Required for a rejection: say why.", "驳回时必填，请说明理由。");
    public static readonly Text DecisionHint = new("Approval is possible only when no criterion fails or lacks evidence. It issues the licence, signed with your key, and sends it to the chain.", "只有在没有任何一项不合格或缺少证据时才能批准。批准即签发许可（用您的密钥签名）并提交上链。");
    public static readonly Text RecordDecision = new("Record the decision", "提交决定");
    public static readonly Text Decided = new("Decision recorded.", "决定已记录。");

    // Licences
    public static readonly Text LicencesTitle = new("Licences", "许可");
    public static readonly Text LicenceTitle = new("Licence", "许可");
    public static readonly Text LicenceActive = new("active", "有效");
    public static readonly Text LicenceSuspended = new("suspended", "暂停");
    public static readonly Text LicenceRevoked = new("revoked", "已撤销");
    public static readonly Text ValidFrom = new("Valid from", "有效期自");
    public static readonly Text ValidUntil = new("Valid until", "有效期至");
    public static readonly Text Address = new("Address", "地址");
    public static readonly Text ChainId = new("Chain id", "链上 ID");
    public static readonly Text DocumentHash = new("Document hash", "文件哈希");
    public static readonly Text Issuer = new("Issuer", "签发人");
    public static readonly Text History = new("History", "变更记录");
    public static readonly Text ActionIssue = new("issued", "签发");
    public static readonly Text ActionSuspend = new("suspended", "暂停");
    public static readonly Text ActionReinstate = new("reinstated", "恢复");
    public static readonly Text ActionRevoke = new("revoked", "撤销");
    public static readonly Text Quota = new("Quota", "配额");
    public static readonly Text Season = new("Season", "季度");
    public static readonly Text CertifiedKg = new("Certified (kg)", "认证量（千克）");
    public static readonly Text ClaimedKg = new("Claimed (kg)", "已使用（千克）");
    public static readonly Text RemainingKg = new("Remaining (kg)", "剩余（千克）");
    public static readonly Text PublicCheck = new("Public check of this licence", "公开核验此许可");
    public static readonly Text ChangeStatusTitle = new("Change the status", "变更状态");
    public static readonly Text Reason = new("Reason", "理由");
    public static readonly Text ReasonHint = new("Kept by the service; only its keccak256 hash goes on chain.", "理由由本服务保存，链上只记录其 keccak256 哈希。");
    public static readonly Text Suspend = new("Suspend", "暂停");
    public static readonly Text Reinstate = new("Reinstate", "恢复");
    public static readonly Text Revoke = new("Revoke (final)", "撤销（不可恢复）");
    public static readonly Text StatusChanged = new("Status changed. The change is signed and queued for the chain.", "状态已变更。变更已签名并排队上链。");

    // Chain state
    public static readonly Text Chain = new("Chain", "链上状态");
    public static readonly Text ChainNone = new("not queued", "未排队");
    public static readonly Text ChainPending = new("queued", "排队中");
    public static readonly Text ChainSent = new("sent", "已发送");
    public static readonly Text ChainConfirmed = new("confirmed", "已确认");
    public static readonly Text ChainFailed = new("failed", "失败");
    public static readonly Text Operation = new("Operation", "操作");
    public static readonly Text Transaction = new("Transaction", "交易");
    public static readonly Text Block = new("Block", "区块");
    public static readonly Text ChainError = new("Error", "错误");
    public static readonly Text ChainRefresh = new("A chain operation is still open; this page reloads itself every {0} seconds.", "仍有链上操作未完成；本页面每 {0} 秒自动刷新。");

    // Brands and accreditation
    public static readonly Text BrandsTitle = new("Brands", "品牌");
    public static readonly Text BrandTitle = new("Brand", "品牌");
    public static readonly Text Standard = new("Standard", "标准");
    public static readonly Text MetadataUri = new("Metadata URI", "元数据 URI");
    public static readonly Text RegisterBrand = new("Register a brand", "注册品牌");
    public static readonly Text RegisterBrandHint = new("A brand is registered with one of the loaded standards; registering it again with another standard moves it to that standard.", "品牌须依据已加载的某项标准注册；用另一项标准再次注册即将品牌改用该标准。");
    public static readonly Text MetadataUriHint = new("Optional; by default urn:ecovalue:standard:{id}:{version}.", "可选；默认为 urn:ecovalue:standard:{id}:{version}。");
    public static readonly Text BrandRegistered = new("Brand registered; its registration is queued for the chain.", "品牌已注册，注册操作已排队上链。");
    public static readonly Text BrandUnchanged = new("The brand already has this standard: nothing changed.", "该品牌已采用此标准，未作更改。");
    public static readonly Text Accreditations = new("Accredited certifiers", "认证人员资格");
    public static readonly Text AccreditCertifier = new("Accredit a certifier", "授予认证资格");
    public static readonly Text CertifierField = new("Certifier account", "认证人员账号");
    public static readonly Text NoCertifierAccounts = new("There is no enabled certifier account to accredit.", "没有可授予资格的启用中认证人员账号。");
    public static readonly Text Accredit = new("Accredit", "授予资格");
    public static readonly Text Withdraw = new("Withdraw", "撤回资格");
    public static readonly Text Accredited = new("Certifier accredited; queued for the chain.", "已授予认证资格，已排队上链。");
    public static readonly Text Withdrawn = new("Accreditation withdrawn; queued for the chain. The licences it issued stay.", "认证资格已撤回，已排队上链。其已签发的许可保持不变。");
    public static readonly Text AccreditationActive = new("active", "有效");
    public static readonly Text AccreditationWithdrawn = new("withdrawn", "已撤回");
}

public static partial class PortalText
{
    // The farmer's brand certification page
    public static readonly Text NavCertification = new("Brands", "品牌认证");
    public static readonly Text CertificationTitle = new("Brand certification", "品牌认证");
    public static readonly Text ApplyTitle = new("Apply for a brand", "申请品牌认证");
    public static readonly Text ApplyHint = new("Choose the brand, the plots and the product categories to be certified. A certifier accredited for the brand evaluates your records against its standard.", "选择品牌、申请认证的地块和产品品类。具备该品牌认证资格的认证人员将依据其标准评估您的记录。");
    public static readonly Text ApplyButton = new("Submit the application", "提交申请");
    public static readonly Text Applied = new("Application submitted. A certifier accredited for the brand will evaluate it.", "申请已提交，具备该品牌认证资格的认证人员将进行评估。");
    public static readonly Text NoBrandsYet = new("No brand is registered yet.", "尚无已注册的品牌。");
    public static readonly Text NoPlotsToApply = new("Add a plot first: an application names the plots it covers.", "请先添加地块：申请须列明所涵盖的地块。");
}
