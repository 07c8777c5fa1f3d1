package message

import "strings"

// commonFieldNames holds each common header field name as its own key: the
// fields of nearly every message, and the long ones Exchange and Gmail add,
// as they are written (a name in another case is read, just not shared).
var commonFieldNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`
	Received Date Delivered-To Content-Type From Subject Return-Path To Message-Id
	Message-ID MIME-Version Mime-Version Content-Transfer-Encoding Content-Disposition
	Content-ID Content-Id Content-Description Content-Language Precedence List-Unsubscribe
	List-Unsubscribe-Post Sender List-Id Errors-To X-Mailman-Version X-Beenthere X-BeenThere
	List-Subscribe List-Post List-Help List-Archive In-Reply-To Reply-To X-Mailer References
	Cc Authentication-Results ARC-Authentication-Results ARC-Seal ARC-Message-Signature
	DKIM-Signature Received-SPF Thread-Index Thread-Topic X-Originating-IP X-Sender-IP
	X-Spam-Status X-Spam-Level X-Spam-Checker-Version X-Priority X-MSMail-Priority
	Importance Organization User-Agent X-Original-To X-MS-Exchange-Organization-SCL
	X-MS-Exchange-Organization-AuthSource X-MS-Exchange-Organization-AuthAs
	X-MS-Exchange-Organization-Network-Message-Id
	X-MS-Exchange-CrossTenant-OriginalArrivalTime X-MS-Exchange-CrossTenant-Id
	X-MS-Exchange-CrossTenant-FromEntityHeader X-MS-Exchange-CrossTenant-AuthSource
	X-MS-Exchange-CrossTenant-AuthAs X-MS-Exchange-CrossTenant-Network-Message-Id
	X-MS-Exchange-Transport-CrossTenantHeadersStamped X-MS-PublicTrafficType
	X-MS-Office365-Filtering-Correlation-Id X-Microsoft-Antispam
	X-Microsoft-Antispam-Message-Info X-Microsoft-Antispam-Mailbox-Delivery X-MS-Has-Attach
	X-MS-TNEF-Correlator X-Forefront-Antispam-Report X-MS-Exchange-AntiSpam-MessageData-0
	X-MS-Exchange-AntiSpam-MessageData-ChunkCount X-Google-Smtp-Source X-Gm-Message-State
	X-Received X-Google-DKIM-Signature Feedback-ID
	`) {
		m[n] = n
	}
	return m
}()

// fieldName returns a header field's name as a string: a common name as the
// one string commonFieldNames holds, any other as a copy of b. A message has
// dozens of fields; their names need no allocation of their own.
func fieldName(b []byte) string {
	if n, ok := commonFieldNames[string(b)]; ok { // looked up without a copy
		return n
	}
	return string(b)
}
