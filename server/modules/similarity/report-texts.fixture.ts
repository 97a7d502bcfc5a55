/** Reports as the public writes them: online extortion and paid post deletion. */
export const REPORT_TEXTS = {
  selfMedia:
    '某自媒体账号“财经内幕观察”于11月初连续发布关于我公司产品质量的不实文章，随后其工作人员通过微信和电话13812345678联系我公司公关部，' +
    '声称只要支付“合作费”5万元即可删除全部文章，并承诺今后不再发布负面内容；若不付款，将在多个平台继续转发。对方提供的收款账户为支付宝，' +
    '并发来了“合作协议”。我们已保存聊天记录截图和通话录音，请求依法查处。',
  forumDeletion:
    '我在某论坛发帖曝光了某装修公司的施工质量问题，近日发现帖子被删除。论坛版主私下告诉我，该公司通过一家网络公关公司花了八千元找人删帖，' +
    '对方自称“专业处理负面信息，百度、知乎、微博都能删”，报价单上写明每条两千元，七天内不删全额退款。我认为这是有偿删帖，请求调查。',
  fakeJournalist:
    '一名自称记者的男子多次打电话给我们酒店，称掌握了我店后厨卫生问题的视频，如果不在三天内支付三万元“版面费”，就会在今日头条和抖音上发布。' +
    '他留下的联系人QQ为12345678，要求通过银行转账付款。我们从未见过该视频，怀疑是敲诈勒索。',
  fakeOfficial:
    '有人冒充网信办工作人员，声称可以帮助删除网上关于我单位的负面报道，收费一万五千元，先付一半定金。对方电话是010-87654321，' +
    '还发来了盖有假公章的“删帖服务合同”，要求把钱转到个人银行卡上。',
  englishBlogger:
    'A blogger threatened to publish fabricated reviews of our restaurant unless we paid 20,000 yuan. He contacted our manager on WeChat, ' +
    'sent a screenshot of a draft post and said the offer would expire on Friday. We refused and he posted it on two forums.',
};
